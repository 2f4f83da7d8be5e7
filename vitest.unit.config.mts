import { defineConfig } from 'vitest/config';

/**
 * `npm run test:unit`: the fast domain tests on in-memory ports (test/support/fakes.ts)
 * or on no storage at all, no DynamoDB Local, no s3rver, no Java. The full suite
 * (vitest.config.mts) runs them too. `npm run mutate` (stryker.config.mjs) runs these
 * against each mutant of the domain, so every file here must stay storage-free and fast.
 */
export default defineConfig({
  test: {
    include: [
      'test/unit/**/*.test.ts',
      // Pure domain tests that live beside their area's end-to-end tests.
      'test/periods.test.ts',
      'test/review/machine.test.ts',
      'test/forms/forms.test.ts',
      'test/rollup/compute.test.ts',
    ],
    // Only catches a hang: the fast-check form properties build documents and take seconds on a loaded machine.
    testTimeout: 60_000,
    pool: 'threads',
  },
});
