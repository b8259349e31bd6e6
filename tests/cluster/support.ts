import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@redis/client';
import { pino } from 'pino';
import { startApp, type App } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { createTestDatabase, onPostgres, type TestDatabase } from '../support/database.js';

/** The Redis the cluster tests use: the machine's (CI runs one on 127.0.0.1:6379) unless CLUSTER_TEST_REDIS_URL says otherwise. */
export const REDIS_URL = process.env['CLUSTER_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export interface TestCluster extends AsyncDisposable {
  /** DATABASE_URL, BUS_URL and BUS_KEY_PREFIX: what every instance of this cluster starts with. */
  env: Record<string, string>;
  database: TestDatabase;
  prefix: string;
  /** Starts one more instance in this process; `busUrl` puts it behind a relay of its own (tests/services/support/proxy.ts). */
  start(options?: { busUrl?: string; env?: Record<string, string> }): Promise<App>;
  /** Stops one instance early (it is stopped on dispose otherwise). */
  stop(app: App): Promise<void>;
}

/** A fresh PostgreSQL database and a Redis key prefix of its own; dispose stops every instance and deletes both. */
export async function openTestCluster(): Promise<TestCluster> {
  if (!onPostgres) throw new Error('the cluster tests run on PostgreSQL: npm run test:cluster');
  const dir = mkdtempSync(join(tmpdir(), 'shopwire-cluster-'));
  const database = await createTestDatabase({ dir });
  const prefix = `shopwire-test:${randomUUID().slice(0, 8)}:`;
  const env = { ...database.env, BUS_URL: REDIS_URL, BUS_KEY_PREFIX: prefix };
  const apps = new Set<App>();
  return {
    env,
    database,
    prefix,
    async start({ busUrl, env: extra = {} } = {}) {
      const config = loadConfig({ PORT: '0', SEED_DEMO: 'false', LOG_LEVEL: 'silent', STATIC_DIR: join(dir, 'no-client'), ...env, ...(busUrl ? { BUS_URL: busUrl } : {}), ...extra });
      const app = await startApp({ config, logger: pino({ level: process.env['CLUSTER_TEST_LOG'] ?? 'silent' }) });
      apps.add(app);
      return app;
    },
    async stop(app) {
      apps.delete(app);
      await app.stop();
    },
    async [Symbol.asyncDispose]() {
      await Promise.all([...apps].map((app) => app.stop()));
      await deleteKeys(prefix);
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A connection of the test's own (to look at the stream, or to CLIENT KILL the servers'). */
export async function testRedis() {
  const client = createClient({ url: REDIS_URL });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

async function deleteKeys(prefix: string): Promise<void> {
  const redis = await testRedis();
  try {
    for await (const keys of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) if (keys.length > 0) await redis.del(keys);
  } finally {
    redis.destroy();
  }
}
