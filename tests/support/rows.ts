import { TRPCClientError } from '@trpc/client';
import { sql, type RawBuilder } from 'kysely';
import { expect } from 'vitest';
import type { Db } from '../../src/server/db/database.js';
import { codeOf } from './clients.js';

/** The rows of a query on the server's own database (SQLite or PostgreSQL), to check answers against them. */
export async function rowsOf<T>(db: Db, query: RawBuilder<T>): Promise<T[]> {
  return (await query.execute(db)).rows;
}

export async function rowOf<T>(db: Db, query: RawBuilder<T>): Promise<T | undefined> {
  return (await query.execute(db)).rows[0];
}

/** Everything a refused payment call must leave as it was: orders, payments, stock, notifications, the event log. */
export async function moneyState(db: Db) {
  return {
    orders: await rowsOf(db, sql`select id, status, payment_status, paid_cents, refunded_cents, decline_reason, pay_by, tracking_number from orders order by id`),
    payments: await rowsOf(db, sql`select * from payments order by id`),
    stock: await rowsOf(db, sql`select id, stock from products order by id`),
    notifications: await rowOf(db, sql`select count(*) as n from notifications`),
    lastEvent: await rowOf(db, sql`select max(id) as id from events`),
  };
}

/** The call fails with `code`, a message matching `pattern`, and (when given) `data.reason`. */
export async function expectRefusal(call: Promise<unknown>, code: string, pattern: RegExp, reason?: string): Promise<void> {
  try {
    await call;
  } catch (error) {
    expect(codeOf(error)).toBe(code);
    expect((error as Error).message).toMatch(pattern);
    if (reason !== undefined) expect(error instanceof TRPCClientError ? (error.data as { reason?: unknown } | undefined)?.reason : undefined).toBe(reason);
    return;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
