import superjson, { type SuperJSONResult } from 'superjson';
import type { Insertable } from 'kysely';
import type { Db, Executor, Trx } from '../db/database.js';
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
 * both the row and the wire.
 */
export async function appendEvents(trx: Trx, clock: Clock, events: readonly NewEvent[]): Promise<StoredEvent[]> {
  if (events.length === 0) return [];
  const createdAt = clock.now();
  const encoded = events.map((event) => ({ event, encoded: encodeSuperjson(event.payload) }));
  const rows = await insertEvents.execute(
    trx,
    encoded.map(({ event, encoded }) => ({
      topic: event.topic,
      type: event.type,
      payload: encodedText(encoded),
      created_at: createdAt.getTime(),
    })),
  );
  // One statement inserts in list order with increasing ids; RETURNING's row order is not promised.
  const ids = rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  return encoded.map(({ event, encoded }, i) => ({ id: ids[i] ?? 0, topic: event.topic, payload: event.payload, createdAt, encoded }));
}

export async function readEventsAfter(db: Executor, topic: string, afterId: number, limit: number): Promise<StoredEvent[]> {
  const rows = await db
    .selectFrom('events')
    .select(['id', 'topic', 'payload', 'created_at'])
    .where('topic', '=', topic)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => {
    const stored = JSON.parse(row.payload) as SuperJSONResult;
    return {
      id: Number(row.id),
      topic: row.topic,
      payload: superjson.deserialize(stored),
      createdAt: new Date(Number(row.created_at)),
      encoded: { json: JSON.stringify(stored.json), meta: stored.meta },
    };
  });
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
 * creation times) instead of indexing created_at, which every insert would pay for.
 */
export async function pruneEvents(db: Db, before: Date, batch = 1000): Promise<number> {
  let pruned = 0;
  for (;;) {
    const deleted = await db.transaction().execute(async (trx) => {
      const from = await prunedThrough(trx);
      const rows = await trx.selectFrom('events').select(['id', 'created_at']).where('id', '>', from).orderBy('id').limit(batch).execute();
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
