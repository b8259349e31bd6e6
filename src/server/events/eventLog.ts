import superjson from 'superjson';
import type { Executor, Trx } from '../db/database.js';
import type { Clock } from '../clock.js';
import type { NewEvent, StoredEvent } from './types.js';

/** Appends inside the caller's transaction; the caller publishes the result after commit. */
export async function appendEvents(trx: Trx, clock: Clock, events: readonly NewEvent[]): Promise<StoredEvent[]> {
  if (events.length === 0) return [];
  const createdAt = clock.now();
  const rows = await trx
    .insertInto('events')
    .values(
      events.map((event) => ({
        topic: event.topic,
        type: event.type,
        // superjson keeps Dates (order.createdAt, status `at`), so a replayed event equals the live one.
        payload: superjson.stringify(event.payload),
        created_at: createdAt.getTime(),
      })),
    )
    .returning('id')
    .execute();
  // One statement inserts in list order with increasing ids; RETURNING's row order is not promised.
  const ids = rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  return events.map((event, i) => ({ id: ids[i] ?? 0, topic: event.topic, payload: event.payload, createdAt }));
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
  return rows.map((row) => ({
    id: Number(row.id),
    topic: row.topic,
    payload: superjson.parse(row.payload),
    createdAt: new Date(Number(row.created_at)),
  }));
}

export async function latestEventId(db: Executor): Promise<number> {
  const row = await db.selectFrom('events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return Number(row?.id ?? 0);
}
