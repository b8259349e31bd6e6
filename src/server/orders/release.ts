import type { ExpressionBuilder } from 'kysely';
import { stockEvents } from '../catalog/stock.js';
import type { Database } from '../db/schema.js';
import { orderStatusEvents, shopEvent } from '../events/topics.js';
import { transact } from '../events/transact.js';
import { unpaidReleaseNotice } from '../notifications/messages.js';
import { notify } from '../notifications/notify.js';
import type { PaymentDeps } from '../payments/settle.js';
import type { DueTask } from '../scheduler/dueWork.js';
import { restock } from './service.js';

const BATCH = 200;

/** No charge of the order is on its way: the timer never releases an order while its payment may still succeed. */
function noChargeRunning(eb: ExpressionBuilder<Database, 'orders'>) {
  return eb.not(
    eb.exists(
      eb
        .selectFrom('payments')
        .select('payments.id')
        .whereRef('payments.order_id', '=', 'orders.id')
        .where('payments.kind', '=', 'charge')
        .where('payments.status', '=', 'pending'),
    ),
  );
}

/**
 * Unpaid orders give their stock back at `pay_by` (placed + UNPAID_ORDER_MINUTES): they become
 * `cancelled` with the usual events. The due times are the orders' own rows (a partial index
 * holds only the unpaid pending ones), so a server that was down at the time releases them on
 * its next start, each once: the guarded update that cancels one is its claim.
 */
export function unpaidOrdersTask(deps: PaymentDeps): DueTask {
  return {
    name: 'unpaid-orders',
    async nextDueAt() {
      const row = await deps.db.selectFrom('orders').select('pay_by').where('pay_by', 'is not', null).where(noChargeRunning).orderBy('pay_by').limit(1).executeTakeFirst();
      return row?.pay_by == null ? null : Number(row.pay_by);
    },
    async runDue(now) {
      const due = await deps.db.selectFrom('orders').select('id').where('pay_by', '<=', now).where(noChargeRunning).orderBy('pay_by').limit(BATCH).execute();
      // Submitted together, so the commit queue commits them as one batch, each still on its own.
      await Promise.all(due.map(({ id }) => releaseUnpaidOrder(deps, id, now)));
    },
  };
}

export function releaseUnpaidOrder(deps: PaymentDeps, orderId: string, now: number): Promise<boolean> {
  return transact(deps, async (trx, emit) => {
    const claimed = await trx
      .updateTable('orders')
      .set({ status: 'cancelled', pay_by: null, updated_at: now })
      .where('id', '=', orderId)
      .where('status', '=', 'pending')
      .where('pay_by', '<=', now)
      .where(noChargeRunning)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return false;
    const order = await trx
      .selectFrom('orders')
      .innerJoin('shops', 'shops.id', 'orders.shop_id')
      .select(['orders.shop_id', 'orders.buyer_id', 'shops.name as shop_name'])
      .where('orders.id', '=', orderId)
      .executeTakeFirstOrThrow();
    const changes = await restock(trx, orderId, null, now);
    const at = new Date(now);
    emit(
      shopEvent(order.shop_id, { type: 'order_status_changed', orderId, status: 'cancelled', previousStatus: 'pending', by: 'system' }),
      ...stockEvents(order.shop_id, changes),
      ...orderStatusEvents(order.buyer_id, { orderId, status: 'cancelled', previousStatus: 'pending', at }),
    );
    const minutes = Math.round((deps.payments.unpaidOrderMs / 60_000) * 100) / 100;
    await notify(trx, emit, deps, unpaidReleaseNotice({ buyerId: order.buyer_id, orderId, shopName: order.shop_name, minutes }));
    return true;
  });
}
