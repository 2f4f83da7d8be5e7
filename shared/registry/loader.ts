/**
 * The registry as a Lambda sees it: the stored index (cached a minute, so a
 * replacement reaches every container within one) and the pieces a request needs
 * (cached per stored generation: a generation never changes).
 */
import { DomainError } from '../errors/errors.ts';
import type { OrgUnit, Registry } from './registry.ts';
import { registryFrom, shardsFor, type RegistryIndex, type RegistryScope } from './shards.ts';

export interface StoredIndex {
  generation: string;
  index: RegistryIndex;
}

export interface RegistrySource {
  index(): Promise<StoredIndex | undefined>;
  shard(generation: string, code: string): Promise<OrgUnit[]>;
}

export type RegistryProvider = (scope?: RegistryScope) => Promise<Registry>;

export function registryProvider(source: RegistrySource, o: { ttlMs?: number; clock?: () => Date } = {}): RegistryProvider {
  const ttl = o.ttlMs ?? 60_000;
  let current: { at: number; stored: StoredIndex } | undefined;
  const pieces = new Map<string, Promise<OrgUnit[]>>();
  const built = new Map<string, Registry>();
  return async (scope) => {
    if (!current || Date.now() - current.at >= ttl) {
      const stored = await source.index();
      if (!stored) throw new DomainError('unavailable', 'REGISTRY_NOT_LOADED', {}, [], 60);
      if (current?.stored.generation !== stored.generation) {
        pieces.clear();
        built.clear();
      }
      current = { at: Date.now(), stored };
    }
    const { generation, index } = current.stored;
    const codes = shardsFor(index, scope);
    const key = codes.join(',');
    const hit = built.get(key);
    if (hit) return hit;
    const loaded = await Promise.all(
      codes.map((c) => {
        let p = pieces.get(c);
        if (!p) {
          p = source.shard(generation, c);
          // A failed read is not cached: the next request tries again.
          p.catch(() => pieces.delete(c));
          pieces.set(c, p);
        }
        return p;
      }),
    );
    const registry = registryFrom(index, loaded, o.clock);
    if (built.size > 100) built.clear();
    built.set(key, registry);
    return registry;
  };
}

/** A provider over a registry already in memory (tests, command-line tools). */
export const staticProvider =
  (registry: Registry): RegistryProvider =>
  async () =>
    registry;
