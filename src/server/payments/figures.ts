import type { Executor } from '../db/database.js';

/**
 * The dashboard's refunded figure: every cent given back on the shop's orders, cancelled ones
 * included (revenue leaves a cancelled order out whole; this says how much of it was returned).
 */
export async function refundedCents(db: Executor, shopId: string): Promise<number> {
  const row = await db
    .selectFrom('orders')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('refunded_cents'), eb.lit(0)).as('cents'))
    .where('shop_id', '=', shopId)
    .executeTakeFirstOrThrow();
  return Number(row.cents);
}
