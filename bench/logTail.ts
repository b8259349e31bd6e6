/**
 * The ceiling of the one ordered log (README "How far it goes"): every change that writes events
 * holds the log's tail lock from its append to its COMMIT (DESIGN §8), so such changes commit one
 * at a time across all instances. This measures that on the machine it runs on: the same minimal
 * change (one row inserted) from several instances at once, first without an event (no tail lock:
 * the commits overlap), then with one (they take turns). The changes/s with events, and how much
 * lower it is than without, is the figure the estimate needs instead of an assumed commit time.
 *
 *   DATABASE_URL=postgres://…/an_empty_database npx tsx bench/logTail.ts [instances=3] [seconds=5]
 */
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { startApp, type App } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';

const instances = Number(process.argv[2] ?? 3);
const seconds = Number(process.argv[3] ?? 5);
const env = { ...process.env, PORT: '0', SEED_DEMO: 'false', LOG_LEVEL: 'silent' };
const logger = pino({ level: 'silent' });
const apps: App[] = [];
for (let i = 0; i < instances; i++) apps.push(await startApp({ config: loadConfig(env), logger }));
// As many changes in flight per instance as its commit queue runs at once.
const perInstance = 8;

async function measure(withEvent: boolean): Promise<{ perSec: number; p50: number; p99: number }> {
  const topic = `bench:${randomUUID()}`;
  const times: number[] = [];
  const until = performance.now() + seconds * 1000;
  const writer = async (app: App) => {
    while (performance.now() < until) {
      const started = performance.now();
      await app.deps.commits.run(async (trx, emit) => {
        await trx.insertInto('ingest_messages').values({ message_id: randomUUID(), type: 'bench', source: 'logTail', applied_at: Date.now() }).execute();
        if (withEvent) emit({ topic, type: 'bench', payload: {} });
      });
      times.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(apps.flatMap((app) => Array.from({ length: perInstance }, () => writer(app))));
  const elapsed = (performance.now() - started) / 1000;
  times.sort((x, y) => x - y);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? Number.NaN;
  return { perSec: times.length / elapsed, p50: at(0.5), p99: at(0.99) };
}

const cpu = process.cpuUsage();
await measure(false); // warm-up: connections, JIT
const without = await measure(false);
const withEvents = await measure(true);
const used = process.cpuUsage(cpu);
for (const app of apps) await app.stop();
await apps[0]?.deps.db.destroy().catch(() => undefined);
const line = (name: string, r: { perSec: number; p50: number; p99: number }) =>
  `${name}: ${r.perSec.toFixed(0)} changes/s, each p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms`;
process.stdout.write(
  `${instances} instances x ${perInstance} changes in flight, ${seconds} s each, one PostgreSQL\n` +
    `${line('without an event (commits overlap)', without)}\n` +
    `${line('with one event (tail lock: one at a time)', withEvents)}\n` +
    `time under the tail lock per change (1 / rate with events): ${(1000 / withEvents.perSec).toFixed(2)} ms\n` +
    `this process's CPU over the three runs: ${((used.user + used.system) / 1e6).toFixed(1)} s of ${(seconds * 3).toFixed(0)} s\n`,
);
