import type { KyselyPlugin, QueryId } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { systemClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { openDatabaseOf, openTestDatabase } from '../../../tests/support/database.js';
import { prunedThrough, pruneEvents } from '../events/eventLog.js';
import { createInProcessBus, type EventBus } from '../events/bus.js';
import { createLocalRelay } from '../events/relay.js';
import { createCommitQueue, transact } from '../events/transact.js';
import type { LiveEvent } from '../events/types.js';
import { z } from 'zod';
import { createLiveEngine, LiveStream, type StreamSink } from './engine.js';
import type { TopicKind } from './topics.js';

let db: Db;
let env: Record<string, string>;
let database: AsyncDisposable;
let bus: EventBus;
const topic = 'shop:s1';
const deps = () => ({ db, bus, clock: systemClock, commits: createCommitQueue({ db, relay: createLocalRelay(bus), clock: systemClock }) });
const emitN = (n: number, from = 0) =>
  transact(deps(), (_trx, emit) => {
    for (let i = 0; i < n; i++) emit({ topic, type: 'note', payload: { n: from + i } });
    return Promise.resolve();
  });

beforeEach(async () => {
  const opened = await openTestDatabase();
  ({ db, env } = opened);
  database = opened;
  bus = createInProcessBus();
});
afterEach(async () => {
  await database[Symbol.asyncDispose]();
});

/** A tracked envelope is [id, data, brand]; compare the first two. */
const pair = (result: IteratorResult<unknown>) => (result.value as unknown[] | undefined)?.slice(0, 2);

function spec(lastEventId: number | null) {
  return { topic, logged: true, lastEventId, reauthorize: () => Promise.resolve(), decode: (p: unknown) => p };
}

/** The engine's pull side, as tRPC's createCaller would use it. */
function open(lastEventId: number | null, maxQueue = 100) {
  const engine = createLiveEngine({ db, bus, maxQueue });
  const stream = new LiveStream(spec(lastEventId), engine)[Symbol.asyncIterator]();
  return { stream, abort: { abort: () => void stream.return?.() }, engine };
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

/** A sink that records what the engine sends, as a transport would write it. */
function recordingSink() {
  const sent: LiveEvent[] = [];
  const ends: unknown[] = [];
  const sink: StreamSink = {
    send: (events) => void sent.push(...events),
    full: () => false,
    busy: () => false,
    drained: () => Promise.resolve(),
    end: (error) => void ends.push(error),
  };
  return { sink, sent, ends };
}

/** Until `done` holds: the stream's checks and replay read the database, which takes real time on PostgreSQL. */
async function until(done: () => boolean) {
  while (!done()) await new Promise((r) => setTimeout(r, 5));
}

it('refuses a cursor newer than the log (cursor_ahead) and one below what was pruned (cursor_expired), before any event', async () => {
  await emitN(3);
  const engine = createLiveEngine({ db, bus, maxQueue: 10 });
  const ahead = recordingSink();
  engine.run(new LiveStream(spec(99), engine), ahead.sink);
  await until(() => ahead.ends.length > 0);
  expect(ahead.sent).toEqual([]);
  expect(ahead.ends).toMatchObject([{ code: 'PRECONDITION_FAILED', reason: 'cursor_ahead' }]);

  await db.updateTable('event_log_state').set({ pruned_through: 2 }).execute();
  await db.deleteFrom('events').where('id', '<=', 2).execute();
  const expired = recordingSink();
  engine.run(new LiveStream(spec(1), engine), expired.sink);
  await until(() => expired.ends.length > 0);
  expect(expired.sent).toEqual([]);
  expect(expired.ends).toMatchObject([{ code: 'PRECONDITION_FAILED', reason: 'cursor_expired' }]);

  // '0' asks for whatever is still kept, and the pruning boundary itself is still whole.
  for (const from of [0, 2]) {
    const kept = recordingSink();
    const handle = engine.run(new LiveStream(spec(from), engine), kept.sink);
    await until(() => kept.sent.length > 0);
    expect(kept.sent.map((e) => e.id)).toEqual([3]);
    handle.stop();
  }
  expect(engine.size()).toBe(0);
  expect(bus.listenerCount()).toBe(0);
});

it('delivers live-only signals (no id) alongside logged events, and counts running streams by kind', async () => {
  const engine = createLiveEngine({ db, bus, maxQueue: 10 });
  const out = recordingSink();
  const handle = engine.run(new LiveStream({ ...spec(null), logged: false }, engine), out.sink);
  expect(engine.counts()).toEqual(new Map([['shop', 1]]));
  bus.publish([{ id: null, topic, payload: { typing: true }, createdAt: new Date(), encoded: { json: '{"typing":true}', meta: undefined } }]);
  await emitN(1);
  expect(out.sent.map((e) => [e.id, e.payload])).toEqual([
    [null, { typing: true }],
    [1, { n: 0 }],
  ]);
  handle.stop();
  expect(out.ends).toEqual([null]);
  expect(engine.size()).toBe(0);
});

it('reauthorize ends the streams whose caller may no longer see their topic', async () => {
  const engine = createLiveEngine({ db, bus, maxQueue: 10 });
  let allowed = true;
  const out = recordingSink();
  const check = () => (allowed ? Promise.resolve() : Promise.reject(Object.assign(new Error('no'), { code: 'FORBIDDEN' })));
  engine.run(new LiveStream({ ...spec(null), reauthorize: check }, engine), out.sink);
  expect(await engine.reauthorize(() => true)).toBe(0);
  allowed = false;
  expect(await engine.reauthorize((t) => t !== topic)).toBe(0);
  expect(await engine.reauthorize((t) => t === topic)).toBe(1);
  expect(out.ends).toHaveLength(1);
  expect(engine.size()).toBe(0);
});

it('encodes an event once per audience: subscribers of one audience share its view, another audience sees its own fields', async () => {
  const engine = createLiveEngine({ db, bus, maxQueue: 10 });
  const kind: TopicKind<{ n: number; cost: number | null }> = {
    kind: 'shop',
    logged: true,
    schema: z.object({ n: z.number(), cost: z.number().nullable() }),
    topic: (key) => `shop:${key}`,
    authorize: () => Promise.resolve(),
    audiences: {
      of: (caller) => Promise.resolve(caller.user?.role === 'seller' ? 'owner' : 'staff'),
      view: (payload, audience) => (audience === 'owner' ? payload : { ...payload, cost: null }),
    },
  };
  const owner = { userId: 'u1', role: 'seller' as const, expiresAt: new Date(Date.now() + 60_000) };
  const staff = { ...owner, userId: 'u2', role: 'buyer' as const };
  const sinks = [recordingSink(), recordingSink(), recordingSink()];
  const users = [owner, owner, staff];
  const hooks = { started: 0, ended: 0 };
  const handles = await Promise.all(
    users.map(async (user, i) =>
      engine.run(await engine.follow(user, kind, 's1', null, { started: () => hooks.started++, ended: () => hooks.ended++ }), (sinks[i] as ReturnType<typeof recordingSink>).sink),
    ),
  );
  expect(hooks.started).toBe(3);
  await transact(deps(), (_trx, emit) => {
    emit({ topic, type: 'x', payload: { n: 1, cost: 250 } });
    return Promise.resolve();
  });
  const [a, b, c] = sinks.map((s) => s.sent[0]);
  expect(a?.payload).toEqual({ n: 1, cost: 250 });
  expect(c?.payload).toEqual({ n: 1, cost: null });
  expect(c?.encoded.json).toBe('{"n":1,"cost":null}');
  // The two owners got the very same view object: encoded once for them both.
  expect(a).toBe(b);
  expect(a?.id).toBe(c?.id);
  handles.forEach((h) => h.stop());
  expect(hooks.ended).toBe(3);
});

it('signal() reaches the running streams of its topic live, with no id, and is never stored', async () => {
  const engine = createLiveEngine({ db, bus, maxQueue: 10 });
  const kind: TopicKind<{ typing: string }> = {
    kind: 'shop',
    logged: false,
    schema: z.object({ typing: z.string() }),
    topic: (key) => `shop:${key}`,
    authorize: () => Promise.resolve(),
  };
  const out = recordingSink();
  const handle = engine.run(await engine.watch(null, kind, 's1'), out.sink);
  engine.signal(kind, 's1', { typing: 'Ann' });
  engine.signal(kind, 'other', { typing: 'Bob' });
  expect(out.sent.map((e) => [e.id, e.payload, e.encoded.json])).toEqual([[null, { typing: 'Ann' }, '{"typing":"Ann"}']]);
  expect(await db.selectFrom('events').selectAll().execute()).toEqual([]);
  handle.stop();
});

/**
 * Retention at the worst moment: the engine reads through a connection of its own (so the prune,
 * on the test's, never waits behind it), and every event but the newest is pruned right after the
 * engine's first read of `event_log_state` has been answered, before the engine sees the answer.
 * That read was the cursor check, with the replay read after it; it is now the first replay page.
 */
function engineWithPruneAfterFirstFloorRead() {
  const floorReads = new Set<QueryId>();
  let fired = false;
  const plugin: KyselyPlugin = {
    transformQuery: ({ node, queryId }) => {
      if (node.kind === 'SelectQueryNode' && JSON.stringify(node).includes('"event_log_state"')) floorReads.add(queryId);
      return node;
    },
    transformResult: async ({ result, queryId }) => {
      if (floorReads.has(queryId) && !fired) {
        fired = true;
        await pruneEvents(db, new Date(Date.now() + 60_000));
      }
      return result;
    },
  };
  const own = openDatabaseOf(env);
  const engine = createLiveEngine({ db: own.withPlugin(plugin), bus, maxQueue: 1000 });
  return { engine, fired: () => fired, [Symbol.asyncDispose]: () => own.destroy() };
}

it('never gaps a replay when retention prunes between the cursor check and the read: a page read whole, or cursor_expired', async () => {
  await emitN(5);
  {
    // Pruned through 4 right after the first read: the replay from 2 already holds 3, 4 and 5.
    await using racy = engineWithPruneAfterFirstFloorRead();
    const out = recordingSink();
    const handle = racy.engine.run(new LiveStream(spec(2), racy.engine), out.sink);
    await until(() => out.sent.some((e) => e.id === 5) || out.ends.length > 0);
    expect(racy.fired()).toBe(true);
    expect(await prunedThrough(db)).toBe(4);
    expect(out.sent.map((e) => e.id)).toEqual([3, 4, 5]);
    expect(out.ends).toEqual([]);
    handle.stop();
  }
  {
    // A replay longer than a page, pruned between its pages: the first page is served, then the
    // stream ends with cursor_expired rather than going on from the newest event.
    await emitN(600, 5);
    await using racy = engineWithPruneAfterFirstFloorRead();
    const floor = await prunedThrough(db);
    const out = recordingSink();
    racy.engine.run(new LiveStream(spec(floor + 1), racy.engine), out.sink);
    await until(() => out.sent.some((e) => e.id === 605) || out.ends.length > 0);
    expect(racy.fired()).toBe(true);
    // Ids 1 to 605 in all; the newest stays.
    expect(await prunedThrough(db)).toBe(604);
    expect(out.sent.map((e) => e.id)).toEqual(Array.from({ length: 500 }, (_, i) => floor + 2 + i));
    expect(out.ends).toMatchObject([{ code: 'PRECONDITION_FAILED', reason: 'cursor_expired' }]);
    expect(racy.engine.size()).toBe(0);
  }
  expect(bus.listenerCount()).toBe(0);
});
