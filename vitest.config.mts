import { defineConfig } from 'vitest/config';

/**
 * The full suite: real DynamoDB Local and s3rver (test/support/global-setup.ts). `npm test`
 * runs it with NODE_OPTIONS=--openssl-legacy-provider because the tests list buckets page
 * by page and s3rver's continuation tokens use DES (OpenSSL 3's legacy provider).
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Generous limits: the suite runs on shared 2-core machines under other load. A timeout
    // only catches a hang; speed is measured by `npm run bench`, never by a test.
    testTimeout: 90_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
