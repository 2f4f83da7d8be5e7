/**
 * Bundle budget: each function built with esbuild exactly as the stack builds it
 * (infra/bundling.ts), no bundle above 1.5 MiB, and each bundle loads in a fresh
 * `node` (the import that a cold start pays). `node --import tsx
 * scripts/bench/bundles.ts` prints sizes and median-of-5 import times.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_BUDGET_BYTES, FUNCTION_ENTRIES } from '../../infra/bundling.ts';
import { buildBundles, importTimes, type BundleInfo } from '../../scripts/bench/bundles.ts';

const dir = mkdtempSync(join(tmpdir(), 'cchc-bundle-budget-'));
let bundles: BundleInfo[];

beforeAll(async () => {
  bundles = await buildBundles(dir);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bundle budget', () => {
  it('builds one bundle per function', () => {
    expect(bundles.map((b) => b.name)).toEqual([...FUNCTION_ENTRIES]);
  });

  for (const name of FUNCTION_ENTRIES) {
    it(`${name}: at most 1.5 MiB minified, and it loads in a fresh node`, () => {
      const b = bundles.find((x) => x.name === name)!;
      const top = b.top
        .slice(0, 6)
        .map(([k, v]) => `${k} ${(v / 1024).toFixed(0)} KiB`)
        .join(', ');
      console.log(`${name}: ${b.bytes} bytes (${(b.bytes / 1024 / 1024).toFixed(2)} MiB; map ${(b.mapBytes / 1024 / 1024).toFixed(2)} MiB) - ${top}`);
      expect(b.bytes, `${name} is ${b.bytes - BUNDLE_BUDGET_BYTES} bytes over budget; largest parts: ${top}`).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES);
      const [ms] = importTimes(b.file, 1);
      console.log(`${name}: imported in ${ms!.toFixed(0)} ms`);
      expect(ms).toBeGreaterThan(0);
    }, 60_000);
  }
});
