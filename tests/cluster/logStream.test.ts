import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { startLogStream } from '../../src/server/cluster/logStream.js';
import { connectRedis } from '../../src/server/cluster/redis.js';
import { systemClock } from '../../src/server/clock.js';
import { createInProcessBus } from '../../src/server/events/bus.js';
import { appendEvents, readLogRowsAfter } from '../../src/server/events/eventLog.js';
import { openTestDatabase } from '../support/database.js';
import { eventually } from '../support/subscriptions.js';
import { REDIS_URL, testRedis } from './support.js';

it('publishes each position once and in order whatever mix of stream entries and log reads brings it, and the relay appends only what the stream lacks', async () => {
  await using database = await openTestDatabase();
  const { db } = database;
  const topic = `test:${randomUUID()}`;
  const append = (n: number) =>
    db.transaction().execute((trx) =>
      appendEvents(trx, systemClock, Array.from({ length: n }, (_, i) => ({ topic, type: 'test', payload: { i, at: new Date(0) } })), { atTail: true }),
    );
  const first = await append(10);
  const ids = first.map((e) => e.id);

  const key = `shopwire-test:${randomUUID().slice(0, 8)}:events`;
  const quiet = { onDown: () => undefined, onUp: () => undefined };
  const [redis, reader, own] = await Promise.all([connectRedis(REDIS_URL, 'test', quiet), connectRedis(REDIS_URL, 'test-reader', quiet), testRedis()]);
  // Only some positions reach the stream by hand (a trimmed stream, entries missed in an outage): the rest are in the log alone.
  const rows = await readLogRowsAfter(db, 0, 100);
  for (const row of rows.filter((_, i) => i === 2 || i === 6 || i === 9)) {
    await own.xAdd(key, `${row.id}-0`, { t: row.topic, p: row.payload, c: String(row.created_at) });
  }

  const local = createInProcessBus();
  const got: { id: number | null; payload: unknown }[] = [];
  local.subscribe(topic, (events) => got.push(...events.map(({ id, payload }) => ({ id, payload }))));
  const stream = startLogStream({
    db,
    redis,
    reader,
    key,
    local,
    start: (ids[0] ?? 1) - 1,
    // Only `committed` wakes the relay in this test.
    sweepMs: 3_600_000,
    pollMs: 50,
    maxLen: 1000,
    onMode: () => undefined,
    onGapRead: () => undefined,
    onRelayError: () => undefined,
    onError: (error) => {
      throw error;
    },
  });
  try {
    await eventually(() => got.length >= 10);
    expect(got.map((e) => e.id)).toEqual(ids);
    // Payloads come back as they were stored (superjson: the Date is a Date).
    expect(got[0]?.payload).toEqual({ i: 0, at: new Date(0) });

    // The relay: the first ten are taken as published (they were delivered); the next five are appended, once each.
    const more = await append(5);
    stream.relay.committed(more);
    stream.relay.committed(more);
    await eventually(() => got.length >= 15);
    expect(got.map((e) => e.id)).toEqual([...ids, ...more.map((e) => e.id)]);
    const entries = (await own.xRange(key, '-', '+')) ?? [];
    expect(entries.map((e) => Number(e.id.split('-')[0]))).toEqual([ids[2], ids[6], ids[9], ...more.map((e) => e.id)]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(got).toHaveLength(15);
  } finally {
    await stream.stop();
    await own.del(key);
    for (const client of [redis, own]) client.destroy();
  }
});

it('copes with a stream emptied under it (an empty broker after a restart): the relay appends above the new, lower newest id, and the reader neither waits for ids it has nor publishes them twice', async () => {
  await using database = await openTestDatabase();
  const { db } = database;
  const topic = `test:${randomUUID()}`;
  const append = (n: number) =>
    db.transaction().execute((trx) => appendEvents(trx, systemClock, Array.from({ length: n }, (_, i) => ({ topic, type: 'test', payload: { i } })), { atTail: true }));
  const key = `shopwire-test:${randomUUID().slice(0, 8)}:events`;
  const quiet = { onDown: () => undefined, onUp: () => undefined };
  const [redis, reader, own] = await Promise.all([connectRedis(REDIS_URL, 'test', quiet), connectRedis(REDIS_URL, 'test-reader', quiet), testRedis()]);
  const local = createInProcessBus();
  const got: number[] = [];
  local.subscribe(topic, (events) => got.push(...events.map((e) => e.id ?? -1)));
  const stream = startLogStream({
    db,
    redis,
    reader,
    key,
    local,
    start: 0,
    sweepMs: 3_600_000,
    pollMs: 50,
    maxLen: 1000,
    onMode: () => undefined,
    onGapRead: () => undefined,
    onRelayError: () => undefined,
    onError: (error) => {
      throw error;
    },
  });
  const streamIds = async () => ((await own.xRange(key, '-', '+')) ?? []).map((e) => Number(e.id.split('-')[0]));
  try {
    const first = await append(5);
    stream.relay.committed(first);
    await eventually(() => got.length >= 5);
    expect(await streamIds()).toEqual(first.map((e) => e.id));

    // The broker comes back empty; a lagging relay elsewhere then offers an old row: the stream's newest is far below the reader's position.
    await own.del(key);
    const old = (await readLogRowsAfter(db, 0, 100))[1];
    if (!old) throw new Error('no row');
    await own.xAdd(key, `${old.id}-0`, { t: old.topic, p: old.payload, c: String(old.created_at) });

    const second = await append(3);
    stream.relay.committed(second);
    await eventually(() => got.length >= 8);
    expect(got).toEqual([...first, ...second].map((e) => e.id));
    expect(await streamIds()).toEqual([old.id, ...second.map((e) => e.id)]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(got).toHaveLength(8);
  } finally {
    await stream.stop();
    await own.del(key);
    for (const client of [redis, own]) client.destroy();
  }
});
