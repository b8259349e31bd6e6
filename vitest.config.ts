import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'src/**/*.test.ts'],
    // tests/services need RabbitMQ (npm run test:ingest); tests/cluster need Redis and PostgreSQL (npm run test:cluster).
    exclude: ['tests/browser/**', 'tests/services/**', 'tests/cluster/**', 'node_modules/**'],
    setupFiles: ['tests/setup.ts'],
    // A no-op unless TEST_DATABASE_URL is set (`npm run test:pg`).
    globalSetup: ['tests/pgSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
