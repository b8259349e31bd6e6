import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../clock.js';
import { openTestDatabase } from '../../../tests/support/database.js';
import { appendEvents, readReplayPage } from '../events/eventLog.js';
import { createEventWire } from './wire.js';

describe('event wire', () => {
  it("writes exactly superjson's form of { id, data } for a tracked event, from the payload's one encoding", async () => {
    await using database = await openTestDatabase();
    const { db } = database;
    const payloads = [
      { type: 'new_order', order: { id: 'o1', createdAt: new Date('2026-01-02T03:04:05Z'), items: [{ at: new Date(0) }] } },
      { type: 'inventory_update', updates: [{ productId: 'p', stock: 3 }] },
    ];
    const shared = { at: new Date(5) };
    payloads.push({ type: 'odd', updates: [shared, shared] } as never);
    const stored = await db.transaction().execute((trx) => appendEvents(trx, systemClock, payloads.map((payload) => ({ topic: 't', type: 'x', payload }))));
    const wire = createEventWire();
    for (const event of [...stored, ...(await readReplayPage(db, 't', 0, 10)).events]) {
      const message = JSON.parse(wire.frame(wire.heads(7, undefined), event).toString()) as { result: { data: unknown } };
      expect(message.result.data).toEqual(JSON.parse(JSON.stringify(superjson.serialize({ id: String(event.id), data: event.payload }))));
      expect(superjson.deserialize(message.result.data as never)).toEqual({ id: String(event.id), data: event.payload });
    }
  });
});
