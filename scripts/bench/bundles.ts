/**
 * Bundle budget: builds every function exactly as the CDK stack does (the esbuild
 * options of infra/bundling.ts), and reports each bundle's size and the time a fresh
 * `node` process takes to import it (median of 5), which dominates a cold start.
 * Import times are measured with `--enable-source-maps` (NodejsFunction sets it when
 * source maps are on, as here) and without it, to show what the source map costs.
 *
 *   node --import tsx scripts/bench/bundles.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { BUNDLE_BUDGET_BYTES, entryPath, esbuildOptions, FUNCTION_ENTRIES, type FunctionEntry } from '../../infra/bundling.ts';
import { table } from './stats.ts';

export interface BundleInfo {
  name: FunctionEntry;
  file: string;
  bytes: number;
  mapBytes: number;
  /** The largest contributors (package or source folder), bytes in the output. */
  top: [string, number][];
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

/** Builds each function into `outdir/<name>/index.mjs` (+ .map). */
export async function buildBundles(outdir: string, names: readonly FunctionEntry[] = FUNCTION_ENTRIES): Promise<BundleInfo[]> {
  const out: BundleInfo[] = [];
  for (const name of names) {
    const dir = join(outdir, name);
    const r = await build(esbuildOptions(entryPath(name), dir));
    const file = join(dir, 'index.mjs');
    out.push({ name, file, bytes: statSync(file).size, mapBytes: statSync(`${file}.map`).size, top: contributors(r.metafile!) });
  }
  return out;
}

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
    const bundles = await buildBundles(dir);
    const rows: (string | number)[][] = [
      ['function', 'bundle', 'budget', 'source map', `import (median of ${runs}): wall / CPU`, 'same without --enable-source-maps', 'largest parts'],
    ];
    for (const b of bundles) {
      const withMaps = importSamples(b.file, runs, true);
      const without = importSamples(b.file, runs, false);
      const fmt = (x: { wall: number[]; cpu: number[] }) => `${median(x.wall).toFixed(0)} / ${median(x.cpu).toFixed(0)} ms`;
      rows.push([
        b.name,
        `${b.bytes} B (${mib(b.bytes)})`,
        b.bytes <= BUNDLE_BUDGET_BYTES ? 'ok' : `OVER by ${kb(b.bytes - BUNDLE_BUDGET_BYTES)}`,
        mib(b.mapBytes),
        fmt(withMaps),
        fmt(without),
        b.top
          .slice(0, 5)
          .map(([k, v]) => `${k} ${kb(v)}`)
          .join(', '),
      ]);
    }
    return [
      `Lambda bundles (esbuild ${esbuildVersion()}, node ${process.version} on ${process.platform}/${process.arch}, load ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs; budget ${mib(BUNDLE_BUDGET_BYTES)} per function)`,
      table(rows),
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function esbuildVersion(): string {
  const r = spawnSync(process.execPath, ['-e', "process.stdout.write(require('esbuild').version)"], { encoding: 'utf8' });
  return r.stdout || '?';
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await benchBundles());
}
