import superjson, { type SuperJSONResult } from 'superjson';
import { sql, type Insertable } from 'kysely';
import { isPostgres, type Db, type Executor, type Trx } from '../db/database.js';
import { prepared } from '../db/prepared.js';
import type { EventsTable } from '../db/schema.js';
import type { Clock } from '../clock.js';
import { encodedText, encodeSuperjson } from './encode.js';
import type { NewEvent, StoredEvent } from './types.js';

// Every change runs it; built and compiled once per row count (see db/prepared.ts).
const insertEvents = prepared((db, rows: Insertable<EventsTable>[]) => db.insertInto('events').values(rows).returning('id'));

/**
 * Appends inside the caller's transaction; the caller publishes the result after commit. Payloads are
 * stored as superjson (Dates stay Dates, so a replayed event equals the live one), encoded once for
 * both the row and the wire. `atTail` (PostgreSQL): take the log's tail lock in the same statement
 * (see `insertAtTail`), as the last step of a change.
 */
export async function appendEvents(trx: Trx, clock: Clock, events: readonly NewEvent[], { atTail = false }: { atTail?: boolean } = {}): Promise<StoredEvent[]> {
  if (events.length === 0) return [];
  const createdAt = clock.now();
  const encoded = events.map((event) => ({ event, encoded: encodeSuperjson(event.payload) }));
  const values = encoded.map(({ event, encoded }) => ({
    topic: event.topic,
    type: event.type,
    payload: encodedText(encoded),
    created_at: createdAt.getTime(),
  }));
  const rows = atTail ? await insertAtTail(trx, values) : await insertEvents.execute(trx, values);
  // One statement inserts in list order with increasing ids; RETURNING's row order is not promised.
  const ids = rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  return encoded.map(({ event, encoded }, i) => ({ id: ids[i] ?? 0, topic: event.topic, payload: event.payload, createdAt, encoded }));
}

// Transaction-level advisory lock keys (PostgreSQL); any fixed numbers, unique within the database.
const LOG_TAIL_LOCK = 7_140_002;
const PRUNE_LOCK = 7_140_003;

/**
 * PostgreSQL, `appendEvents(…, { atTail: true })` as a change's last step: positions in commit
 * order (DESIGN §8). An identity value taken early can commit late, and a reader that has moved
 * its cursor past it would never see it. So the INSERT first takes the log's tail lock, held until
 * COMMIT: the next change can take its ids only once the previous one has committed (PostgreSQL
 * releases a transaction's locks after its commit is visible), so whatever a reader sees of the
 * log is a prefix of it, gaps from rolled-back ids aside. The cost is that appending and
 * committing take turns, SQLite's one-writer order again, for the last statement and the COMMIT
 * of a change only. Lock and INSERT are one statement, a round trip fewer while holding the tail,
 * which every change holds in turn; the lock's subquery is joined to the rows, so no row (and no
 * identity value) is made before it is granted.
 */
async function insertAtTail(trx: Trx, rows: readonly Insertable<EventsTable>[]): Promise<{ id: number | string | bigint }[]> {
  const values = sql.join(rows.map((r) => sql`(${r.topic}, ${r.type}, ${r.payload}, ${r.created_at}::bigint)`));
  const { rows: ids } = await sql<{ id: number }>`
    insert into events (topic, type, payload, created_at)
    select v.topic, v.type, v.payload, v.created_at
    from (values ${values}) as v (topic, type, payload, created_at)
    cross join (select pg_advisory_xact_lock(${sql.lit(LOG_TAIL_LOCK)})) as tail
    returning id`.execute(trx);
  return ids;
}

/**
 * A page of a topic's events after `afterId`, and `prunedThrough` as of the very same read: one
 * statement, so one snapshot on either engine. A prune that committed before the read shows in
 * `prunedThrough` (the page may lack what it deleted); one that commits after took nothing from
 * the page. Read apart, a prune between the two reads would gap a replay without a word.
 */
export async function readReplayPage(db: Executor, topic: string, afterId: number, limit: number): Promise<{ events: StoredEvent[]; prunedThrough: number }> {
  const rows = await db
    .selectFrom('event_log_state as s')
    .leftJoin(
      (eb) => eb.selectFrom('events').select(['id', 'topic', 'payload', 'created_at']).where('topic', '=', topic).where('id', '>', afterId).orderBy('id').limit(limit).as('e'),
      (join) => join.onTrue(),
    )
    .select(['s.pruned_through', 'e.id', 'e.topic', 'e.payload', 'e.created_at'])
    .where('s.id', '=', 1)
    .orderBy('e.id')
    .execute();
  const events: StoredEvent[] = [];
  for (const { id, topic, payload, created_at } of rows) {
    if (id !== null && topic !== null && payload !== null && created_at !== null) events.push(storedEvent({ id, topic, payload, created_at }));
  }
  return { events, prunedThrough: Number(rows[0]?.pruned_through ?? 0) };
}

/** Every topic's events after `afterId`, in position order: what a relay publishes (cluster/). */
export async function readLogAfter(db: Executor, afterId: number, limit: number, beforeId = Number.MAX_SAFE_INTEGER): Promise<StoredEvent[]> {
  return (await readLogRowsAfter(db, afterId, limit, beforeId)).map(storedEvent);
}

/** As `readLogAfter`, the rows as stored (a relay passes the payload text on untouched). */
export function readLogRowsAfter(db: Executor, afterId: number, limit: number, beforeId = Number.MAX_SAFE_INTEGER): Promise<LogRow[]> {
  return db
    .selectFrom('events')
    .select(['id', 'topic', 'payload', 'created_at'])
    .where('id', '>', afterId)
    .where('id', '<', beforeId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export interface LogRow {
  id: number | string | bigint;
  topic: string;
  payload: string;
  created_at: number | string | bigint;
}

/** A row as the log stores it (superjson text) back into the event the bus carries. */
export function storedEvent(row: LogRow): StoredEvent {
  const stored = JSON.parse(row.payload) as SuperJSONResult;
  return {
    id: Number(row.id),
    topic: row.topic,
    payload: superjson.deserialize(stored),
    createdAt: new Date(Number(row.created_at)),
    encoded: { json: JSON.stringify(stored.json), meta: stored.meta },
  };
}

export async function latestEventId(db: Executor): Promise<number> {
  const row = await db.selectFrom('events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** Ids at or below this were pruned: a cursor below it cannot be served without a gap. */
export async function prunedThrough(db: Executor): Promise<number> {
  const row = await db.selectFrom('event_log_state').select('pruned_through').where('id', '=', 1).executeTakeFirst();
  return Number(row?.pruned_through ?? 0);
}

/**
 * Deletes events created before `before`, oldest first, a batch per transaction so that writers
 * wait for one short delete at most. Walks the primary key (ids grow in commit order, and with them
 * creation times) instead of indexing created_at, which every insert would pay for. The newest
 * event always stays: SQLite hands out max(id)+1 next, so emptying the table would reuse ids.
 */
export async function pruneEvents(db: Db, before: Date, batch = 1000): Promise<number> {
  const postgres = isPostgres(db);
  let pruned = 0;
  for (;;) {
    // PostgreSQL: a DELETE does not hold up inserts (writers append at the other end of the key),
    // and instances that prune at the same hour take turns: one that finds another at it stops,
    // as that one prunes the same rows. READ COMMITTED, so that what the last one pruned is seen.
    const transaction = postgres ? db.transaction().setIsolationLevel('read committed') : db.transaction();
    const deleted = await transaction.execute(async (trx) => {
      if (postgres && !(await tryLockPruning(trx))) return 0;
      const from = await prunedThrough(trx);
      const newest = await latestEventId(trx);
      const rows = await trx.selectFrom('events').select(['id', 'created_at']).where('id', '>', from).where('id', '<', newest).orderBy('id').limit(batch).execute();
      let through = from;
      for (const row of rows) {
        if (Number(row.created_at) >= before.getTime()) break;
        through = Number(row.id);
      }
      if (through === from) return 0;
      const result = await trx.deleteFrom('events').where('id', '>', from).where('id', '<=', through).executeTakeFirst();
      await trx.updateTable('event_log_state').set({ pruned_through: through }).where('id', '=', 1).execute();
      return Number(result.numDeletedRows);
    });
    pruned += deleted;
    if (deleted === 0) return pruned;
  }
}

async function tryLockPruning(trx: Trx): Promise<boolean> {
  const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${sql.lit(PRUNE_LOCK)}) as locked`.execute(trx);
  return rows[0]?.locked === true;
}
