import { defineConfig } from 'vitest/config';

/**
 * Several instances on one PostgreSQL and one Redis (127.0.0.1:6379, or CLUSTER_TEST_REDIS_URL):
 * `npm run test:cluster`, which names the PostgreSQL server (TEST_DATABASE_URL). Each test makes
 * its own database (tests/pgSetup.ts) and keeps its Redis keys under a prefix of its own.
 */
// Set before the global setup and the workers start, so a bare `npx vitest run --config …` works too.
process.env['TEST_DATABASE_URL'] ||= 'postgres://postgres@127.0.0.1:5432/postgres';

export default defineConfig({
  test: {
    include: ['tests/cluster/**/*.test.ts'],
    setupFiles: ['tests/setup.ts'],
    globalSetup: ['tests/pgSetup.ts'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Each file already runs three instances (the crash test three processes): one file at a time.
    fileParallelism: false,
  },
});
