import { TRPCClientError } from '@trpc/client';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { codeOf } from './clients.js';

/** Reads the server's SQLite file directly (read-only), to check answers against the rows. */
export function readRows<T>(databasePath: string, read: (db: Database.Database) => T): T {
  const db = new Database(databasePath, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** Everything a refused payment call must leave as it was: orders, payments, stock, notifications, the event log. */
export function moneyState(databasePath: string) {
  return readRows(databasePath, (db) => ({
    orders: db.prepare('select id, status, payment_status, paid_cents, refunded_cents, decline_reason, pay_by, tracking_number from orders order by id').all(),
    payments: db.prepare('select * from payments order by id').all(),
    stock: db.prepare('select id, stock from products order by id').all(),
    notifications: db.prepare('select count(*) as n from notifications').get(),
    lastEvent: db.prepare('select max(id) as id from events').get(),
  }));
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
