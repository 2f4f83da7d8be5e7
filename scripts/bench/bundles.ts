/**
 * Bundle budget: builds every function exactly as the CDK stack does (the esbuild
 * options of infra/bundling.ts), plus a floor bundle that holds only the DynamoDB and
 * S3 clients (scripts/bench/floor.ts), and reports each bundle's size and the time a
 * fresh `node` process takes to import it (median of 5), which dominates a cold start,
 * next to the floor's. Import times are measured with `--enable-source-maps`
 * (NodejsFunction sets it when source maps are on, as here) and without it.
 *
 *   node --import tsx scripts/bench/bundles.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { API_FUNCTIONS, BUNDLE_BUDGETS, entryPath, esbuildOptions, FUNCTION_ENTRIES, type FunctionEntry } from '../../infra/bundling.ts';
import { table } from './stats.ts';

export const FLOOR_ENTRY = fileURLToPath(new URL('./floor.ts', import.meta.url));

export interface BundleInfo<N extends string = FunctionEntry> {
  name: N;
  file: string;
  bytes: number;
  mapBytes: number;
  /** The largest contributors (package or source folder), bytes in the output. */
  top: [string, number][];
  /** Every input file with bytes in the output. */
  inputs: Record<string, number>;
}

function inputsOf(meta: Metafile): Record<string, number> {
  const out = Object.values(meta.outputs).find((o) => o.entryPoint);
  return Object.fromEntries(
    Object.entries(out?.inputs ?? {})
      .map(([path, v]) => [path, v.bytesInOutput] as const)
      .filter(([, n]) => n > 0),
  );
}

function contributors(meta: Metafile): [string, number][] {
  const out = Object.values(meta.outputs).find((o) => o.entryPoint);
  const by = new Map<string, number>();
  for (const [path, v] of Object.entries(out?.inputs ?? {})) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    const key = m ? m[1]! : path.split('/').slice(0, 2).join('/');
    by.set(key, (by.get(key) ?? 0) + v.bytesInOutput);
  }
  return [...by.entries()].sort((a, b) => b[1] - a[1]);
}

async function buildOne<N extends string>(name: N, entry: string, outdir: string): Promise<BundleInfo<N>> {
  const dir = join(outdir, name);
  const r = await build(esbuildOptions(entry, dir));
  const file = join(dir, 'index.mjs');
  return {
    name,
    file,
    bytes: statSync(file).size,
    mapBytes: statSync(`${file}.map`).size,
    top: contributors(r.metafile!),
    inputs: inputsOf(r.metafile!),
  };
}

/** Builds each function into `outdir/<name>/index.mjs` (+ .map). */
export async function buildBundles(outdir: string, names: readonly FunctionEntry[] = FUNCTION_ENTRIES): Promise<BundleInfo[]> {
  const out: BundleInfo[] = [];
  for (const name of names) out.push(await buildOne(name, entryPath(name), outdir));
  return out;
}

/** The floor bundle (DynamoDB and S3 clients only), built the same way, into `outdir/floor/`. */
export const buildFloor = (outdir: string): Promise<BundleInfo<'floor'>> => buildOne('floor', FLOOR_ENTRY, outdir);

/** The zod locales a bundle carries (zod/v4/locales/<name>.js with bytes in the output). */
export const zodLocales = (b: BundleInfo<string>): string[] =>
  Object.keys(b.inputs)
    .map((p) => /node_modules\/zod\/v4\/locales\/([a-zA-Z-]+)\.js$/.exec(p)?.[1])
    .filter((x): x is string => !!x && x !== 'index')
    .sort();

/** The environment a function's module initialisation may read (nothing is called). */
export const DUMMY_ENV: Record<string, string> = {
  TABLE_NAME: 'bench-table',
  BUCKET_NAME: 'bench-bucket',
  AWS_REGION: 'ap-southeast-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  LOG_LEVEL: 'SILENT',
};

/**
 * A fresh `node` per sample imports the bundle: wall-clock milliseconds of the
 * import, and the CPU milliseconds (user + system) it used, which other load on the
 * machine disturbs less.
 */
export function importSamples(file: string, runs: number, sourceMaps = true): { wall: number[]; cpu: number[] } {
  const url = pathToFileURL(file).href;
  const code =
    `const c0 = process.cpuUsage(); const t0 = performance.now(); const m = await import(${JSON.stringify(url)}); ` +
    `const wall = performance.now() - t0; const c = process.cpuUsage(c0); ` +
    `if (typeof m.handler !== 'function') throw new Error('no handler export'); ` +
    `process.stdout.write(JSON.stringify({ wall, cpu: (c.user + c.system) / 1000 }));`;
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, [...(sourceMaps ? ['--enable-source-maps'] : []), '--input-type=module', '-e', code], {
      env: { PATH: process.env.PATH ?? '', ...DUMMY_ENV },
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`importing ${file} failed (${r.status}): ${r.stderr}`);
    const sample = JSON.parse(r.stdout) as { wall: number; cpu: number };
    wall.push(sample.wall);
    cpu.push(sample.cpu);
  }
  return { wall, cpu };
}

/**
 * How many zod objects (schemas and their checks) a fresh `node` builds while importing
 * the bundle, counted through zod's global post-processor hook (every zod constructor
 * calls it); then, when a route is given, after the handler answered one request of it
 * (no token, no storage: a public route).
 */
export function zodObjectsBuilt(file: string, routeKey?: string): { atImport: number; afterRequest: number; status?: number } {
  const code =
    `let n = 0; globalThis.__zod_globalConfig = { postProcessor() { n++; } }; ` +
    `const m = await import(${JSON.stringify(pathToFileURL(file).href)}); const atImport = n; let status; ` +
    (routeKey
      ? `status = (await m.handler({ routeKey: ${JSON.stringify(routeKey)}, rawPath: '/', headers: {}, requestContext: { requestId: 'bench' } })).statusCode; `
      : '') +
    `process.stdout.write(JSON.stringify({ atImport, afterRequest: n, status }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    env: { PATH: process.env.PATH ?? '', ...DUMMY_ENV },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`importing ${file} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as { atImport: number; afterRequest: number; status?: number };
}

/** Wall-clock milliseconds a fresh `node` takes to import the bundle (one process per sample). */
export function importTimes(file: string, runs: number, sourceMaps = true): number[] {
  return importSamples(file, runs, sourceMaps).wall;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
const mib = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MiB`;

export async function benchBundles(runs = 5): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'cchc-bundles-'));
  try {
    const floor = await buildFloor(dir);
    const bundles = await buildBundles(dir);
    const fmt = (x: { wall: number[]; cpu: number[] }) => `${median(x.wall).toFixed(0)} / ${median(x.cpu).toFixed(0)} ms`;
    // Samples alternate between the floor and each bundle, so both see the same load on the machine.
    const floorWith: { wall: number[]; cpu: number[] } = { wall: [], cpu: [] };
    const floorWithout: { wall: number[]; cpu: number[] } = { wall: [], cpu: [] };
    const measured = bundles.map((b) => {
      const withMaps = { wall: [] as number[], cpu: [] as number[] };
      const without = { wall: [] as number[], cpu: [] as number[] };
      for (let i = 0; i < runs; i++) {
        for (const [file, into, maps] of [
          [floor.file, floorWith, true],
          [b.file, withMaps, true],
          [floor.file, floorWithout, false],
          [b.file, without, false],
        ] as const) {
          const x = importSamples(file, 1, maps);
          into.wall.push(...x.wall);
          into.cpu.push(...x.cpu);
        }
      }
      return { b, withMaps, without };
    });
    const fw = median(floorWith.wall);
    const fc = median(floorWith.cpu);
    const rows: (string | number)[][] = [
      [
        'bundle',
        'size',
        'budget',
        'source map',
        `import (median of ${runs}): wall / CPU`,
        'vs floor: wall / CPU',
        'without --enable-source-maps',
        'zod objects built at import',
        'zod locales',
        'largest parts',
      ],
    ];
    rows.push([
      'floor (DynamoDB + S3 clients)',
      `${floor.bytes} B (${kb(floor.bytes)})`,
      '',
      mib(floor.mapBytes),
      fmt(floorWith),
      '1.00 / 1.00',
      fmt(floorWithout),
      zodObjectsBuilt(floor.file).atImport,
      zodLocales(floor).join(' ') || '-',
      top(floor),
    ]);
    for (const { b, withMaps, without } of measured) {
      const budget = BUNDLE_BUDGETS[b.name];
      const ratio = `${(median(withMaps.wall) / fw).toFixed(2)} / ${(median(withMaps.cpu) / fc).toFixed(2)}`;
      const goal = API_FUNCTIONS.includes(b.name) ? ` (goal 1.30: ${median(withMaps.cpu) / fc <= 1.3 ? 'met' : 'NOT met'} on CPU)` : '';
      rows.push([
        b.name,
        `${b.bytes} B (${kb(b.bytes)})`,
        b.bytes <= budget ? `ok (${kb(budget)})` : `OVER ${kb(budget)} by ${kb(b.bytes - budget)}`,
        mib(b.mapBytes),
        fmt(withMaps),
        ratio + goal,
        fmt(without),
        zodObjectsBuilt(b.file).atImport,
        zodLocales(b).join(' ') || '-',
        top(b),
      ]);
    }
    return [
      `Lambda bundles (esbuild ${esbuildVersion()}, node ${process.version} on ${process.platform}/${process.arch}, load ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs)`,
      table(rows),
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const top = (b: BundleInfo<string>) =>
  b.top
    .slice(0, 5)
    .map(([k, v]) => `${k} ${kb(v)}`)
    .join(', ');

function esbuildVersion(): string {
  const r = spawnSync(process.execPath, ['-e', "process.stdout.write(require('esbuild').version)"], { encoding: 'utf8' });
  return r.stdout || '?';
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await benchBundles());
}
