import { afterEach, beforeEach, expect, it } from 'vitest';
import { systemClock } from '../src/server/clock.js';
import { migrateToLatest, openDatabase, type Db } from '../src/server/db/database.js';
import { createInProcessBus, type EventBus } from '../src/server/events/bus.js';
import { streamEvents } from '../src/server/events/stream.js';
import { createCommitQueue, transact } from '../src/server/events/transact.js';

let db: Db;
let bus: EventBus;
const topic = 'shop:s1';
const deps = () => ({ db, bus, clock: systemClock, commits: createCommitQueue({ db, bus, clock: systemClock }) });
const emitN = (n: number, from = 0) =>
  transact(deps(), (_trx, emit) => {
    for (let i = 0; i < n; i++) emit({ topic, type: 'note', payload: { n: from + i } });
    return Promise.resolve();
  });

beforeEach(async () => {
  db = openDatabase(':memory:');
  await migrateToLatest(db);
  bus = createInProcessBus();
});
afterEach(async () => {
  await db.destroy();
});

/** A tracked envelope is [id, data, brand]; compare the first two. */
const pair = (result: IteratorResult<unknown>) => (result.value as unknown[] | undefined)?.slice(0, 2);

function open(lastEventId: number | null, maxQueue = 100) {
  const abort = new AbortController();
  const stream = streamEvents(deps(), { topic, lastEventId, signal: abort.signal, maxQueue, decode: (p) => p as { n: number } });
  return { stream, abort };
}

it('replays after lastEventId, then goes live, each event once and in order', async () => {
  await emitN(3);
  const { stream, abort } = open(1);
  const first = await stream.next();
  expect(pair(first)).toEqual(['2', { n: 1 }]);
  await emitN(2, 3);
  const rest = [await stream.next(), await stream.next(), await stream.next()].map(pair);
  expect(rest).toEqual([['3', { n: 2 }], ['4', { n: 3 }], ['5', { n: 4 }]]);
  abort.abort();
  expect((await stream.next()).done).toBe(true);
  expect(bus.listenerCount()).toBe(0);
});

it('skips live events the replay already yielded', async () => {
  await emitN(2);
  const { stream, abort } = open(0);
  // The bus listener is registered on the first next(); an event published before replay reads
  // the table is both replayed and buffered, and must come out once.
  const first = stream.next();
  await emitN(1, 2);
  const ids = [(await first).value, (await stream.next()).value, (await stream.next()).value].map((v) => (v as [string])[0]);
  expect(ids).toEqual(['1', '2', '3']);
  abort.abort();
  await stream.return(undefined);
});

it('ends with TOO_MANY_REQUESTS when more than maxQueue live events wait, and unsubscribes', async () => {
  const { stream } = open(null, 2);
  const pending = stream.next();
  await emitN(1);
  expect(pair(await pending)).toEqual(['1', { n: 0 }]);
  await emitN(3);
  await expect(stream.next()).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
  expect(bus.listenerCount()).toBe(0);
});
