/**
 * The web app's JavaScript budgets, from Vite's manifest: the first page is the entry
 * chunk and everything it imports statically; the editor adds its lazy chunk and that
 * chunk's static imports (the shared validation included). Sizes are gzip level 9.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const FIRST_PAGE_BUDGET = 200 * 1024;
export const EDITOR_BUDGET = 350 * 1024;

interface Chunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  src?: string;
}

function closure(manifest: Record<string, Chunk>, start: string, seen = new Set<string>()): Set<string> {
  if (seen.has(start)) return seen;
  seen.add(start);
  for (const i of manifest[start]?.imports ?? []) closure(manifest, i, seen);
  return seen;
}

export interface WebSizes {
  firstPage: number;
  editor: number;
  charts: number;
}

export function webSizes(dist: string): WebSizes {
  const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<string, Chunk>;
  const gz = (keys: Iterable<string>) => {
    let total = 0;
    for (const k of keys) total += gzipSync(readFileSync(join(dist, manifest[k]!.file)), { level: 9 }).length;
    return total;
  };
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
  const first = closure(manifest, entry);
  const lazy = (suffix: string) => {
    const key = Object.keys(manifest).find((k) => k.endsWith(suffix));
    if (!key) throw new Error(`no chunk for ${suffix}`);
    return new Set([...first, ...closure(manifest, key)]);
  };
  return { firstPage: gz(first), editor: gz(lazy('editor/Editor.tsx')), charts: gz(lazy('pages/Charts.tsx')) };
}

export const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/** `npm run bench -- web`: builds web/dist and prints both budgets. */
export async function benchWeb(): Promise<string> {
  const { buildWeb, WEB_DIST } = await import('../local/web.ts');
  await buildWeb({ quiet: true });
  const s = webSizes(WEB_DIST);
  const row = (name: string, size: number, budget?: number) =>
    `${name.padEnd(44)} ${kb(size).padStart(10)}  ${budget ? `budget ${kb(budget)}: ${size <= budget ? 'met' : 'NOT MET'}` : '(loaded on demand)'}`;
  return [
    'web app JavaScript, gzip -9',
    row('first page (entry + static imports)', s.firstPage, FIRST_PAGE_BUDGET),
    row('editor (first page + editor + validation)', s.editor, EDITOR_BUDGET),
    row('province charts (first page + Chart.js)', s.charts),
  ].join('\n');
}
