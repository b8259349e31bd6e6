/**
 * The broker hop of several instances (README "Several instances"): from a change's COMMIT on
 * instance A to its event reaching a listener of instance B's bus, through B's (or A's) relay,
 * the Redis Stream and B's reader. Two instances in this process, one change at a time.
 *
 *   DATABASE_URL=postgres://…/an_empty_database BUS_URL=redis://127.0.0.1:6379 npx tsx bench/clusterHop.ts [samples]
 */
import { randomUUID } from 'node:crypto';
import { createClient } from '@redis/client';
import { pino } from 'pino';
import { startApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';

const samples = Number(process.argv[2] ?? 1000);
const env = { ...process.env, PORT: '0', SEED_DEMO: 'false', LOG_LEVEL: 'silent', BUS_KEY_PREFIX: `shopwire-bench:${randomUUID().slice(0, 8)}:` };
const logger = pino({ level: 'silent' });
const a = await startApp({ config: loadConfig(env), logger });
const b = await startApp({ config: loadConfig(env), logger });
const topic = `bench:${randomUUID()}`;
let arrived: (() => void) | null = null;
const stop = b.deps.bus.subscribe(topic, () => arrived?.());
const hops: number[] = [];
for (let i = 0; i < samples + 50; i++) {
  const seen = new Promise<void>((resolve) => (arrived = resolve));
  await a.deps.commits.run((_trx, emit) => Promise.resolve(emit({ topic, type: 'bench', payload: { i } })));
  const committed = performance.now();
  await seen;
  // The first ones warm the connections and the prepared statements.
  if (i >= 50) hops.push(performance.now() - committed);
}
stop();
await Promise.all([a.stop(), b.stop()]);
const redis = createClient({ url: process.env['BUS_URL'] ?? '' });
await redis.connect();
for await (const keys of redis.scanIterator({ MATCH: `${env.BUS_KEY_PREFIX}*` })) if (keys.length > 0) await redis.del(keys);
redis.destroy();
hops.sort((x, y) => x - y);
const at = (q: number) => (hops[Math.min(hops.length - 1, Math.floor(q * hops.length))] ?? NaN).toFixed(2);
process.stdout.write(`commit on A -> listener on B, ${hops.length} changes one at a time: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms\n`);
