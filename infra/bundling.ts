/**
 * How every Lambda is bundled: one object read by the NodejsFunction subclass
 * (infra/hub-function.ts, through the esbuild CLI that CDK runs) and by the bundle
 * budget (scripts/bench/bundles.ts, through the esbuild JS API), so the budget
 * measures exactly what is deployed.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { BuildOptions } from 'esbuild';
import { OutputFormat, SourceMapMode, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

/** The repository root (where package.json and package-lock.json are). */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** One Lambda per folder of functions/ with an index.ts. */
export const FUNCTION_ENTRIES = ['reports', 'provinces', 'public', 'rollup', 'artifacts', 'notify'] as const;
export type FunctionEntry = (typeof FUNCTION_ENTRIES)[number];

export const entryPath = (name: FunctionEntry) => join(PROJECT_ROOT, 'functions', name, 'index.ts');

const KiB = 1024;

/**
 * Per-function bundle budget (minified .mjs, source map not counted). The API functions
 * carry no document builder (docx) and only zod's vi and en locales; the document
 * functions carry their builders.
 */
export const BUNDLE_BUDGETS: Record<FunctionEntry, number> = {
  reports: 700 * KiB,
  provinces: 700 * KiB,
  public: 700 * KiB,
  rollup: 1.2 * 1024 * KiB,
  artifacts: 1.2 * 1024 * KiB,
  notify: 700 * KiB,
};

/** The functions behind the HTTP API (their import time is held to 1.3 times the floor's in the benchmark). */
export const API_FUNCTIONS: readonly FunctionEntry[] = ['reports', 'provinces', 'public'];

export const HUB_BUNDLE = {
  /** Matches the Lambda runtime (Runtime.NODEJS_24_X). */
  target: 'node24',
  format: 'esm',
  minify: true,
  /** Linked `index.mjs.map` without the sources: stack traces map back to the .ts files; the map stays small. */
  sourcemap: true,
  sourcesContent: false,
  /** ESM builds of the SDK v3 and docx tree-shake better than their CJS builds. */
  mainFields: ['module', 'main'],
  /** Nothing external: the AWS SDK v3 is bundled (pinned by package-lock.json, not by the runtime's copy). */
  external: [] as string[],
  /**
   * Vietnamese text stays UTF-8 instead of `\uXXXX` escapes (esbuild's default is
   * ASCII output): about 75 KB less per bundle, no behaviour change.
   */
  charset: 'utf8',
  /** CommonJS dependencies call require(); an ESM bundle has none unless we make one. */
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
} as const;

/** The NodejsFunction `bundling` props (local esbuild, never Docker). */
export function nodejsBundling(): BundlingOptions {
  return {
    forceDockerBundling: false,
    target: HUB_BUNDLE.target,
    format: OutputFormat.ESM,
    minify: HUB_BUNDLE.minify,
    sourceMap: HUB_BUNDLE.sourcemap,
    sourceMapMode: SourceMapMode.DEFAULT,
    sourcesContent: HUB_BUNDLE.sourcesContent,
    mainFields: [...HUB_BUNDLE.mainFields],
    externalModules: [...HUB_BUNDLE.external],
    banner: HUB_BUNDLE.banner,
    esbuildArgs: { '--charset': HUB_BUNDLE.charset },
  };
}

/** The same build through the esbuild JS API (what CDK runs as `esbuild --bundle ...`). */
export function esbuildOptions(entry: string, outdir: string): BuildOptions {
  return {
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    outfile: join(outdir, 'index.mjs'),
    target: HUB_BUNDLE.target,
    format: HUB_BUNDLE.format,
    minify: HUB_BUNDLE.minify,
    sourcemap: HUB_BUNDLE.sourcemap,
    sourcesContent: HUB_BUNDLE.sourcesContent,
    mainFields: [...HUB_BUNDLE.mainFields],
    external: [...HUB_BUNDLE.external],
    charset: HUB_BUNDLE.charset,
    banner: { js: HUB_BUNDLE.banner },
    absWorkingDir: PROJECT_ROOT,
    logLevel: 'warning',
    metafile: true,
  };
}
