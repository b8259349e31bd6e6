import type { Executor } from '../db/database.js';

/**
 * The dashboard's refunded figure: money given back on the shop's orders (cancelled ones
 * included), by the time it went back, in [from, to) (all of it without a period).
 */
export async function refundedCents(db: Executor, shopId: string, period: { from: Date; to: Date } | null): Promise<number> {
  let query = db
    .selectFrom('payments')
    .innerJoin('orders', 'orders.id', 'payments.order_id')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('payments.amount_cents'), eb.lit(0)).as('cents'))
    .where('orders.shop_id', '=', shopId)
    .where('payments.kind', '=', 'refund')
    .where('payments.status', '=', 'succeeded');
  if (period) query = query.where('payments.completed_at', '>=', period.from.getTime()).where('payments.completed_at', '<', period.to.getTime());
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.cents);
}
