/**
 * Bundle budget: each function built with esbuild exactly as the stack builds it
 * (infra/bundling.ts), within its size budget (API functions 700 KiB, document
 * functions 1.2 MiB), without the .docx builder where it is not used and with only
 * zod's vi and en locales, and each bundle loads in a fresh `node` (the import that a
 * cold start pays). Sizes only: `npm run bench -- bundles` prints the import times
 * against the floor bundle (DynamoDB and S3 clients only).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_FUNCTIONS, BUNDLE_BUDGETS, FUNCTION_ENTRIES } from '../../infra/bundling.ts';
import { buildBundles, buildFloor, importTimes, zodLocales, zodObjectsBuilt, type BundleInfo } from '../../scripts/bench/bundles.ts';

const dir = mkdtempSync(join(tmpdir(), 'cchc-bundle-budget-'));
let bundles: BundleInfo[];
let floor: BundleInfo<'floor'>;

beforeAll(async () => {
  bundles = await buildBundles(dir);
  floor = await buildFloor(dir);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
const hasPackage = (b: BundleInfo<string>, pkg: string) => Object.keys(b.inputs).some((p) => p.includes(`node_modules/${pkg}/`));

describe('bundle budget', () => {
  it('builds one bundle per function', () => {
    expect(bundles.map((b) => b.name)).toEqual([...FUNCTION_ENTRIES]);
  });

  for (const name of FUNCTION_ENTRIES) {
    it(`${name}: at most ${kib(BUNDLE_BUDGETS[name])} minified, and it loads in a fresh node`, () => {
      const b = bundles.find((x) => x.name === name)!;
      const top = b.top
        .slice(0, 6)
        .map(([k, v]) => `${k} ${kib(v)}`)
        .join(', ');
      console.log(`${name}: ${b.bytes} bytes (${kib(b.bytes)}; map ${(b.mapBytes / 1024 / 1024).toFixed(2)} MiB) - ${top}`);
      expect(b.bytes, `${name} is ${b.bytes - BUNDLE_BUDGETS[name]} bytes over budget; largest parts: ${top}`).toBeLessThanOrEqual(
        BUNDLE_BUDGETS[name],
      );
      const [ms] = importTimes(b.file, 1);
      console.log(`${name}: imported in ${ms!.toFixed(0)} ms`);
      expect(ms).toBeGreaterThan(0);
    }, 60_000);
  }

  it('the API functions carry no document builder (docx, exceljs) and no rollup file builder', () => {
    for (const name of API_FUNCTIONS) {
      const b = bundles.find((x) => x.name === name)!;
      expect(hasPackage(b, 'docx'), name).toBe(false);
      expect(hasPackage(b, 'exceljs'), name).toBe(false);
      const builders = Object.keys(b.inputs).filter((p) => /shared\/(documents\/report-docx|rollup\/(v1\/)?(docx|xlsx))\.ts$/.test(p));
      expect(builders, name).toEqual([]);
    }
    // The document functions do carry theirs (so the check above can fail).
    expect(hasPackage(bundles.find((x) => x.name === 'artifacts')!, 'docx')).toBe(true);
    expect(Object.keys(bundles.find((x) => x.name === 'rollup')!.inputs).some((p) => /shared\/rollup\/(v1\/)?xlsx\.ts$/.test(p))).toBe(
      true,
    );
  });

  it('the public and provinces functions build no zod schema when they load: their schemas come with the first request that needs them', () => {
    const file = (name: string) => bundles.find((x) => x.name === name)!.file;
    // The count sees schemas: the reports function builds its forms' at import (it checks every submission).
    expect(zodObjectsBuilt(file('reports')).atImport).toBeGreaterThan(100);
    expect(zodObjectsBuilt(file('provinces')).atImport).toBe(0);
    const pub = zodObjectsBuilt(file('public'), 'GET /v1/openapi.json');
    expect(pub.atImport).toBe(0);
    // The OpenAPI document is built from the schemas on its first request, and answered.
    expect(pub.status).toBe(200);
    expect(pub.afterRequest).toBeGreaterThan(100);
  }, 60_000);

  it('the API functions reach the bucket without the S3 client (aws4fetch: a few small objects and download links)', () => {
    for (const name of API_FUNCTIONS) {
      const b = bundles.find((x) => x.name === name)!;
      expect(hasPackage(b, '@aws-sdk/client-s3'), name).toBe(false);
      expect(hasPackage(b, '@aws-sdk/s3-request-presigner'), name).toBe(false);
    }
    // The document functions, which write the files, do carry it (so the check above can fail).
    expect(hasPackage(bundles.find((x) => x.name === 'rollup')!, '@aws-sdk/client-s3')).toBe(true);
  });

  it('carries only the zod locales the service speaks (vi, en), not all 64', () => {
    for (const b of bundles)
      expect(
        zodLocales(b).filter((l) => l !== 'en' && l !== 'vi'),
        b.name,
      ).toEqual([]);
    // The reports function validates submissions in both languages.
    expect(zodLocales(bundles.find((x) => x.name === 'reports')!)).toEqual(['en', 'vi']);
  });

  it('the floor holds the DynamoDB and S3 clients and nothing of the service', () => {
    expect(hasPackage(floor, '@aws-sdk/client-dynamodb')).toBe(true);
    expect(hasPackage(floor, '@aws-sdk/client-s3')).toBe(true);
    expect(hasPackage(floor, 'zod')).toBe(false);
    expect(Object.keys(floor.inputs).filter((p) => p.startsWith('shared/') || p.startsWith('functions/'))).toEqual([
      'shared/adapters/clients.ts',
    ]);
    // Every function holds the floor's DynamoDB client; the S3 client only where objects are
    // written (the API functions sign and read through aws4fetch, notify touches no bucket).
    for (const b of bundles) {
      expect(hasPackage(b, '@aws-sdk/client-dynamodb'), b.name).toBe(true);
      expect(hasPackage(b, '@aws-sdk/client-s3'), b.name).toBe(['rollup', 'artifacts'].includes(b.name));
      if (hasPackage(b, '@aws-sdk/client-s3')) expect(b.bytes, b.name).toBeGreaterThan(floor.bytes);
    }
  });
});
