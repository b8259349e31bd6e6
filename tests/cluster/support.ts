import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@redis/client';
import { pino } from 'pino';
import { startApp, type App } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { createTestDatabase, onPostgres, openDatabaseOf, type TestDatabase } from '../support/database.js';
import type { DashboardEvent } from '../../src/shared/events.js';
import { connect, connectSse, type TestClient } from '../support/clients.js';
import type { ShopFixture } from '../support/fixtures.js';
import { collect } from '../support/subscriptions.js';
import { exited, freePort } from '../support/process.js';

/** The Redis the cluster tests use: the machine's (CI runs one on 127.0.0.1:6379) unless CLUSTER_TEST_REDIS_URL says otherwise. */
export const REDIS_URL = process.env['CLUSTER_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export interface TestCluster extends AsyncDisposable {
  /** DATABASE_URL, BUS_URL and BUS_KEY_PREFIX: what every instance of this cluster starts with. */
  env: Record<string, string>;
  database: TestDatabase;
  prefix: string;
  /** Starts one more instance in this process; `busUrl` puts it behind a proxy of its own (tests/support/tcpProxy.ts). */
  start(options?: { busUrl?: string; env?: Record<string, string>; logLines?: string[] }): Promise<App>;
  /** Stops one instance early (it is stopped on dispose otherwise). */
  stop(app: App): Promise<void>;
}

/**
 * A fresh PostgreSQL database and a Redis key prefix of its own; dispose stops every instance and deletes both.
 * `redisUrl` points the cluster at another broker than the machine's (a private one, `startPrivateRedis`).
 */
export async function openTestCluster({ redisUrl = REDIS_URL }: { redisUrl?: string } = {}): Promise<TestCluster> {
  if (!onPostgres) throw new Error('the cluster tests run on PostgreSQL: npm run test:cluster');
  const dir = mkdtempSync(join(tmpdir(), 'shopwire-cluster-'));
  const database = await createTestDatabase({ dir });
  const prefix = `shopwire-test:${randomUUID().slice(0, 8)}:`;
  const env = { ...database.env, BUS_URL: redisUrl, BUS_KEY_PREFIX: prefix };
  const apps = new Set<App>();
  return {
    env,
    database,
    prefix,
    async start({ busUrl, env: extra = {}, logLines } = {}) {
      const config = loadConfig({ PORT: '0', SEED_DEMO: 'false', LOG_LEVEL: 'silent', STATIC_DIR: join(dir, 'no-client'), ...env, ...(busUrl ? { BUS_URL: busUrl } : {}), ...extra });
      // `logLines` collects the instance's warnings and worse, for a test to read.
      const logger = logLines ? pino({ level: 'warn' }, { write: (line: string) => void logLines.push(line) }) : pino({ level: process.env['CLUSTER_TEST_LOG'] ?? 'silent' });
      const app = await startApp({ config, logger });
      apps.add(app);
      return app;
    },
    async stop(app) {
      apps.delete(app);
      await app.stop();
    },
    async [Symbol.asyncDispose]() {
      await Promise.all([...apps].map((app) => app.stop()));
      // A private broker may be gone by now, and its keys with it.
      await deleteKeys(redisUrl, prefix).catch(() => undefined);
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A connection of the test's own (to look at the stream, or to CLIENT KILL the servers'). */
export async function testRedis(url = REDIS_URL) {
  const client = createClient({ url });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = await testRedis(url);
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


export interface PrivateRedis extends AsyncDisposable {
  url: string;
  /** SIGKILL: no goodbye to any client, and (no persistence) everything it held is gone. */
  kill(): Promise<void>;
  /** A new, empty one on the same port. */
  start(): Promise<void>;
}

/**
 * A `redis-server` of the test's own on a random port, without persistence, so a test can stop the
 * broker for real and bring back an empty one on the same address (the machine's Redis is shared).
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = server;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${output}`)), 10_000);
      server.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (!output.includes('Ready to accept connections')) return;
        clearTimeout(timer);
        resolve();
      });
      server.once('error', reject);
      server.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)));
    });
  };
  const kill = async () => {
    const server = child;
    child = null;
    if (!server) return;
    server.kill('SIGKILL');
    await exited(server);
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, kill, start, [Symbol.asyncDispose]: kill };
}

/**
 * The seller's dashboard from the shop's current cursor twice, over WebSocket on `wsOn` and over
 * SSE on `sseOn`, both started: what the cluster tests check every event against, once and in order.
 */
export async function watchShop(shop: ShopFixture, wsOn: { url: string }, sseOn: { url: string }) {
  const { cursor } = await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId });
  const overWs = connect(wsOn.url, shop.sellerToken);
  const overSse = connectSse(sseOn.url, shop.sellerToken);
  const dash = collect<DashboardEvent>((h) => overWs.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId, lastEventId: cursor }, h));
  const dashSse = collect<DashboardEvent>((h) => overSse.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId, lastEventId: cursor }, h));
  await Promise.all([dash.started, dashSse.started]);
  return {
    cursor,
    dash,
    dashSse,
    [Symbol.asyncDispose]: () => Promise.all([overWs.close(), overSse.close()]).then(() => undefined),
  };
}
