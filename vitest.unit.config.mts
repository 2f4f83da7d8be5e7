import { defineConfig } from 'vitest/config';

/**
 * `npm run test:unit`: the fast domain tests on in-memory ports (test/support/fakes.ts),
 * no DynamoDB Local, no s3rver, no Java. The full suite (vitest.config.mts) runs them too.
 */
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    testTimeout: 10_000,
    pool: 'threads',
  },
});
