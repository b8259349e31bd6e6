import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { onPostgres, openTestDatabase } from '../../../tests/support/database.js';
import { systemClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { openPostgres } from '../db/postgres.js';
import type { Database } from '../db/schema.js';
import { createInProcessBus } from './bus.js';
import { appendEvents, pruneEvents } from './eventLog.js';
import { createLocalRelay } from './relay.js';
import { createCommitQueue, transact, type CommitQueue } from './transact.js';
import type { LiveEvent } from './types.js';

// PostgreSQL's commit queue and log tail (DESIGN §8). SQLite's group commit is tested in
// transact.test.ts; these need several writers at once, which only PostgreSQL has.
describe.skipIf(!onPostgres)('commits on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let db: Db;
  let published: LiveEvent[];
  let commits: CommitQueue;
  const topic = 'shop:s1';
  const others: Kysely<Database>[] = [];

  beforeEach(async () => {
    database = await openTestDatabase();
    db = database.db;
    const bus = createInProcessBus();
    published = [];
    bus.subscribe(topic, (events) => published.push(...events));
    commits = createCommitQueue({ db, relay: createLocalRelay(bus), clock: systemClock });
    await db.insertInto('shops').values({ id: 's1', name: 'Shop', created_at: 0 }).execute();
  });
  afterEach(async () => {
    await Promise.all(others.splice(0).map((other) => other.destroy()));
    await database[Symbol.asyncDispose]();
  });

  /** Another instance: its own pool on the same database. */
  const anotherPool = () => {
    const other = openPostgres(database.env.DATABASE_URL ?? '', { poolSize: 4, onPoolError: () => undefined });
    others.push(other);
    return other;
  };
  const deps = () => ({ db, clock: systemClock, commits });
  const note = (n: number) => ({ topic, type: 'note', payload: { n } });
  const logIds = async () => (await db.selectFrom('events').select('id').orderBy('id').execute()).map((r) => r.id);

  it('commits each change on its own: a failing one rolls back alone, the others commit and publish in log order', async () => {
    const outcomes = await Promise.allSettled(
      [1, 2, 3, 4].map((n) =>
        transact(deps(), async (trx, emit) => {
          await trx.insertInto('products').values(product(`p${n}`, 1)).execute();
          emit(note(n));
          if (n === 3) throw new Error('refused');
          return n;
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((await db.selectFrom('products').select('id').orderBy('id').execute()).map((r) => r.id)).toEqual(['p1', 'p2', 'p4']);
    const ids = await logIds();
    expect(ids).toHaveLength(3);
    expect(published.map((e) => e.id)).toEqual(ids);
    expect(commits.pending()).toBe(0);
  });

  it('runs a change that lost a serialization race again: two read-then-write changes of one row both count', async () => {
    await db.insertInto('products').values(product('p', 10)).execute();
    // Both read before either writes: SQLite's single writer never lets that happen, PostgreSQL does.
    let read = 0;
    let bothRead!: () => void;
    const barrier = new Promise<void>((resolve) => (bothRead = resolve));
    const addOne = () =>
      transact(deps(), async (trx, emit) => {
        const { stock } = await trx.selectFrom('products').select('stock').where('id', '=', 'p').executeTakeFirstOrThrow();
        if (++read === 2) bothRead();
        await barrier;
        await trx.updateTable('products').set({ stock: stock + 1 }).where('id', '=', 'p').execute();
        emit(note(stock + 1));
        return stock + 1;
      });
    const results = await Promise.all([addOne(), addOne()]);
    expect(results.sort()).toEqual([11, 12]);
    expect(read).toBe(3);
    expect((await db.selectFrom('products').select('stock').where('id', '=', 'p').executeTakeFirstOrThrow()).stock).toBe(12);
    expect(published.map((e) => e.payload)).toEqual([{ n: 11 }, { n: 12 }]);
  });

  it('the trap: bare identity values commit out of order, and a reader that follows the log skips one for good', async () => {
    // What the tail lock (appendEvents' atTail) prevents, shown without it: two writers take ids, the later one commits first.
    const early = await db.startTransaction().execute();
    const late = await db.startTransaction().execute();
    try {
      const [first] = await early.insertInto('events').values(row(1)).returning('id').execute();
      const [second] = await late.insertInto('events').values(row(2)).returning('id').execute();
      expect(Number(second?.id)).toBeGreaterThan(Number(first?.id));
      await late.commit().execute();
      const reader = tailReader(db);
      expect(await reader.poll()).toEqual([second?.id]);
      await early.commit().execute();
      expect(await reader.poll()).toEqual([]);
      expect(await logIds()).toEqual([first?.id, second?.id]);
    } finally {
      for (const trx of [early, late]) if (!trx.isCommitted && !trx.isRolledBack) await trx.rollback().execute();
    }
  });

  it('positions in commit order: the writer that took its position first cannot be overtaken, and a reader following the log sees every event', async () => {
    const other = anotherPool();
    const reader = tailReader(db);
    const first = await db.startTransaction().setIsolationLevel('serializable').execute();
    const second = await other.startTransaction().setIsolationLevel('serializable').execute();
    try {
      // `first` takes its position, then waits before committing (a slow commit, a paused process).
      const [firstEvent] = await appendEvents(first, systemClock, [note(1)], { atTail: true });
      // `second`, another instance, is done with its change and wants to commit first: it has to
      // take its position first, and it cannot while `first` holds the tail.
      const secondDone = (async () => {
        const stored = await appendEvents(second, systemClock, [note(2)], { atTail: true });
        await second.commit().execute();
        return stored;
      })();
      await waitUntil(async () => (await advisoryWaiters(db)) === 1);
      // The waiting append has not drawn an id yet: lock and insert are one statement, and no row
      // is made before the lock is granted (an id drawn before it could commit after a higher one).
      const { rows } = await sql<{ last_value: number }>`select last_value from events_id_seq`.execute(db);
      expect(Number(rows[0]?.last_value)).toBe(firstEvent?.id);
      expect(await reader.poll()).toEqual([]);
      await first.commit().execute();
      const [secondEvent] = await secondDone;
      expect(secondEvent?.id).toBeGreaterThan(firstEvent?.id ?? Infinity);
      expect(await reader.poll()).toEqual([firstEvent?.id, secondEvent?.id]);
    } finally {
      for (const trx of [first, second]) if (!trx.isCommitted && !trx.isRolledBack) await trx.rollback().execute();
    }
  });

  it('under load from two instances, a reader following the log with id > cursor misses nothing that committed', async () => {
    const other = anotherPool();
    const otherCommits = createCommitQueue({ db: other, relay: createLocalRelay(createInProcessBus()), clock: systemClock });
    const seen: number[] = [];
    const reader = tailReader(db);
    let writing = true;
    const following = (async () => {
      while (writing) seen.push(...(await reader.poll()));
    })();
    const change = (queue: CommitQueue, queueDb: Db, n: number) =>
      transact({ db: queueDb, clock: systemClock, commits: queue }, async (trx, emit) => {
        await trx.insertInto('products').values(product(`p${n}`, n)).execute();
        // Uneven work, so that changes finish in another order than they started.
        if (n % 3 === 0) await sql`select pg_sleep(0.005)`.execute(trx);
        emit(note(n));
        if (n % 7 === 0) throw new Error('refused');
      });
    await Promise.allSettled(Array.from({ length: 120 }, (_, n) => (n % 2 === 0 ? change(commits, db, n) : change(otherCommits, other, n))));
    writing = false;
    await following;
    seen.push(...(await reader.poll()));
    const committed = await logIds();
    expect(committed).toHaveLength(120 - Math.ceil(120 / 7));
    expect(seen).toEqual(committed);
    // What this process published is its own share of the log, in log order.
    const mine = published.map((e) => e.id ?? 0);
    expect(mine).toEqual([...mine].sort((a, b) => a - b));
  });

  it('runs a change that keeps losing serialization conflicts again until its time budget, then refuses it with TOO_MANY_REQUESTS and nothing written', async () => {
    const bus = createInProcessBus();
    const retried: string[] = [];
    const patient = createCommitQueue({ db, relay: createLocalRelay(bus), clock: systemClock, retryBudgetMs: 300, onRetry: (sqlState) => retried.push(sqlState) });
    let attempts = 0;
    const refused = transact({ db, clock: systemClock, commits: patient }, async (trx, emit) => {
      attempts++;
      await trx.insertInto('products').values(product(`p${attempts}`, 1)).execute();
      emit(note(attempts));
      const conflict = new pg.DatabaseError('could not serialize access due to concurrent update', 0, 'error');
      conflict.code = '40001';
      throw conflict;
    });
    await expect(refused).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 1, message: expect.stringMatching(/very busy.*try again/) as unknown });
    expect(attempts).toBeGreaterThan(1);
    // Every attempt but the refused last one was reported as a retry (the metric's source).
    expect(retried).toEqual(Array.from({ length: attempts - 1 }, () => '40001'));
    expect(await db.selectFrom('products').select('id').execute()).toEqual([]);
    expect(await logIds()).toEqual([]);
    expect(published).toEqual([]);
  });

  it('prunes old events in batches while a writer holds the tail, and two pruners at once do not fail', async () => {
    for (let n = 0; n < 30; n++) await transact(deps(), (_trx, emit) => Promise.resolve(emit(note(n))));
    const writer = await db.startTransaction().setIsolationLevel('serializable').execute();
    try {
      await appendEvents(writer, systemClock, [note(99)], { atTail: true });
      const later = new Date(Date.now() + 60_000);
      const pruned = await Promise.all([pruneEvents(db, later, 7), pruneEvents(anotherPool(), later, 7)]);
      // The newest committed event stays (cursor_ahead is measured against it); the writer's is not committed yet.
      expect(pruned[0] + pruned[1]).toBe(29);
      await writer.commit().execute();
    } finally {
      if (!writer.isCommitted && !writer.isRolledBack) await writer.rollback().execute();
    }
    expect(await logIds()).toHaveLength(2);
  });
});

function product(id: string, stock: number) {
  return { id, shop_id: 's1', name: id, sku: id, price_cents: 100, cost_cents: 50, stock, low_stock_threshold: 0, created_at: 0 };
}

function row(n: number) {
  return { topic: 'shop:s1', type: 'note', payload: JSON.stringify({ json: { n } }), created_at: Date.now() };
}

/** Follows the log as a replaying subscriber does: everything after the newest id it has seen. */
function tailReader(db: Db) {
  let cursor = 0;
  return {
    async poll(): Promise<number[]> {
      const ids = (await db.selectFrom('events').select('id').where('id', '>', cursor).orderBy('id').execute()).map((r) => r.id);
      cursor = ids.at(-1) ?? cursor;
      return ids;
    },
  };
}

async function advisoryWaiters(db: Db): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from pg_locks where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())`.execute(db);
  return rows[0]?.n ?? 0;
}

async function waitUntil(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 10));
}
