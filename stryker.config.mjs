// @ts-check
/**
 * `npm run mutate`: StrykerJS over the domain (report checks, periods, principal and
 * access, the rollup computation, form checks and selection), judged by the fast
 * domain tests of `npm run test:unit`. Not in CI, not in `npm test`: a run takes minutes.
 * One area at a time: `npm run mutate -- --mutate shared/periods/period.ts`.
 * Survivors and why they are left: docs/mutation.md.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.unit.config.mts' },
  mutate: [
    'shared/report/checks.ts',
    'shared/periods/period.ts',
    'shared/auth/principal.ts',
    'shared/rollup/compute.ts',
    'shared/rollup/indicators.ts',
    'shared/forms/check-form.ts',
    'shared/forms/select.ts',
  ],
  coverageAnalysis: 'perTest',
  // The machine is shared: two test processes at most.
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  thresholds: { high: 90, low: 85, break: null },
};
