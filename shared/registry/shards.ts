/**
 * How the registry is stored: one piece per province code (every unit whose province,
 * in the unit's own era, holds that code: 82 carries Tiền Giang's units before 1 July
 * 2025 and Đồng Tháp's after), plus an index with the configuration and, per piece, the
 * code ranges it holds. A Lambda reads the index and the one or two pieces a request
 * needs instead of the whole country (14,000 units).
 */
import { compareUnitCodes } from '../format/vi.ts';
import type { OrgUnit, RegistryConfig, RegistryData } from './registry.ts';
import { Registry } from './view.ts';

/** A piece's codes of one length, as a [min, max] range: a lookup by code reads every piece whose range holds it. */
export type CodeRange = [length: number, min: string, max: string];

export interface ShardInfo {
  code: string;
  count: number;
  ranges: CodeRange[];
}

export interface RegistryIndex {
  config: RegistryConfig;
  shards: ShardInfo[];
}

/** Units that belong to no province (a top-level unit of another kind) go in this piece, read always. */
export const UNPLACED = '_';

export interface RegistryScope {
  /** Unit codes the caller will look up (history, parent, province). */
  units?: readonly string[];
  /** Province codes whose units the caller needs (expected units, a province's list). */
  provinces?: readonly string[];
}

export function splitRegistry(data: RegistryData): { index: RegistryIndex; shards: Map<string, OrgUnit[]> } {
  const whole = new Registry(data);
  const shards = new Map<string, OrgUnit[]>();
  for (const u of data.units) {
    const key = whole.provinceOn(u.code, u.validFrom)?.code ?? UNPLACED;
    const list = shards.get(key) ?? [];
    list.push(u);
    shards.set(key, list);
  }
  const infos: ShardInfo[] = [];
  for (const [code, units] of [...shards].sort(([a], [b]) => compareUnitCodes(a, b))) {
    units.sort((a, b) => compareUnitCodes(a.code, b.code) || (a.validFrom < b.validFrom ? -1 : 1));
    const ranges = new Map<number, CodeRange>();
    for (const u of units) {
      const r = ranges.get(u.code.length);
      if (!r) ranges.set(u.code.length, [u.code.length, u.code, u.code]);
      else r[2] = u.code; // sorted: the last is the largest
    }
    infos.push({ code, count: units.length, ranges: [...ranges.values()] });
  }
  const { units: _units, ...config } = data;
  return { index: { config, shards: infos }, shards };
}

/** The pieces a scope needs; no scope: the configured provinces and the predecessors they read. */
export function shardsFor(index: RegistryIndex, scope?: RegistryScope): string[] {
  const want = new Set<string>();
  const has = new Set(index.shards.map((s) => s.code));
  if (has.has(UNPLACED)) want.add(UNPLACED);
  const provinces = scope ? [...(scope.provinces ?? [])] : index.config.provinces.flatMap((p) => [p.code, ...p.readsHistoryOf]);
  for (const p of provinces) if (has.has(p)) want.add(p);
  for (const c of scope?.units ?? []) {
    for (const s of index.shards) if (s.ranges.some(([len, min, max]) => c.length === len && min <= c && c <= max)) want.add(s.code);
  }
  return [...want].sort(compareUnitCodes);
}

/** A registry over the configuration and some pieces. */
export const registryFrom = (index: RegistryIndex, pieces: readonly OrgUnit[][], clock?: () => Date): Registry =>
  new Registry({ ...index.config, units: pieces.flat() }, clock);
