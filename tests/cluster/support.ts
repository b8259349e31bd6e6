import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@redis/client';
import { pino } from 'pino';
import { startApp, type App } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { createTestDatabase, onPostgres, openDatabaseOf, type TestDatabase } from '../support/database.js';
import type { TestClient } from '../support/clients.js';

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

export async function metric(app: { url: string }, name: string): Promise<number> {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ')[1] ?? NaN);
}

export async function shopEventIds(cluster: { env: Record<string, string> }, shopId: string, after: string): Promise<string[]> {
  const db = openDatabaseOf(cluster.env);
  try {
    const rows = await db.selectFrom('events').select('id').where('topic', '=', `shop:${shopId}`).where('id', '>', Number(after)).orderBy('id').execute();
    return rows.map((r) => String(r.id));
  } finally {
    await db.destroy();
  }
}

/** Orders placed one after another through the given clients (alternating) until stopped; each answered id is kept. */
export function traffic(clients: TestClient[], shopId: string, productId: string) {
  const acknowledged: string[] = [];
  let stopped = false;
  const runs = clients.map(async (client) => {
    // A client whose instance died stops there (its call in flight may or may not have committed).
    while (!stopped) {
      const order = await client.api.order.place.mutate({ shopId, items: [{ productId, quantity: 1 }] }).catch(() => null);
      if (!order) return;
      acknowledged.push(order.id);
    }
  });
  return {
    acknowledged,
    async stop() {
      stopped = true;
      await Promise.all(runs);
    },
  };
}

