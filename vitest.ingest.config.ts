import { defineConfig } from 'vitest/config';

/** Tests against a real RabbitMQ (127.0.0.1:5672, guest/guest, or INGEST_TEST_AMQP_URL): `npm run test:ingest`. */
export default defineConfig({
  test: {
    include: ['tests/services/**/*.test.ts'],
    setupFiles: ['tests/setup.ts'],
    // A no-op unless TEST_DATABASE_URL is set: then on PostgreSQL, as `npm run test:pg` runs the rest.
    globalSetup: ['tests/pgSetup.ts'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
