import type { Order } from '../../shared/domain.js';
import { formatMoney } from '../../shared/money.js';
import { orderNumber } from '../../shared/orderNumber.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Executor, Trx } from '../db/database.js';
import { ConflictError, DomainError, NotFoundError } from '../errors.js';
import { transact } from '../events/transact.js';
import { loadOrder } from '../orders/queries.js';
import { assertShopRole } from '../shops/access.js';
import { settle, type PaymentDeps } from './settle.js';

export interface RefundInput {
  orderId: string;
  /** Absent: all that is still refundable. */
  amountCents?: number | undefined;
  reason: string;
}

/** order.refund (owners and managers): records the refund (step 1), then settles it with the provider. */
export async function refundOrder(deps: PaymentDeps, user: TokenClaims, input: RefundInput): Promise<Order> {
  const { refundId, retryAt } = await transact(deps, async (trx) => {
    const order = await trx.selectFrom('orders').select(['id', 'shop_id', 'paid_cents', 'refunded_cents', 'payment_status']).where('id', '=', input.orderId).executeTakeFirst();
    if (!order) throw new NotFoundError('Order');
    await assertShopRole(trx, user, order.shop_id, 'refund');
    const number = orderNumber(order.id);
    if (order.paid_cents === 0) throw new ConflictError(`Order ${number} has not been paid: there is nothing to refund`, 'order_not_paid');
    const refundable = await refundableCents(trx, order);
    if (refundable <= 0) {
      throw order.payment_status === 'refunded'
        ? new ConflictError(`Order ${number} is already fully refunded`, 'order_fully_refunded')
        : new ConflictError(`The rest of order ${number} is being refunded already`, 'refund_in_progress');
    }
    const amount = input.amountCents ?? refundable;
    if (amount > refundable) {
      throw new DomainError('BAD_REQUEST', `At most ${formatMoney(refundable, 'USD', 'en-US')} of order ${number} can still be refunded, not ${formatMoney(amount, 'USD', 'en-US')}`, 'refund_too_large');
    }
    return openRefund(trx, deps, { orderId: order.id, amountCents: amount, reason: input.reason, by: user.userId });
  });
  deps.dueWork.poke(retryAt);
  await settle(deps, refundId);
  const row = await deps.db.selectFrom('payments').select(['status', 'decline_reason']).where('id', '=', refundId).executeTakeFirstOrThrow();
  if (row.status === 'failed') throw new ConflictError(`The payment provider refused the refund: ${row.decline_reason ?? 'no reason given'}`, 'refund_refused');
  return loadOrder(deps.db, input.orderId);
}

/** Paid, less refunded, less refunds still on their way (so two refunds at once cannot give back more than was paid). */
export async function refundableCents(db: Executor, order: { id: string; paid_cents: number; refunded_cents: number }): Promise<number> {
  const pending = await db
    .selectFrom('payments')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_cents'), eb.lit(0)).as('cents'))
    .where('order_id', '=', order.id)
    .where('kind', '=', 'refund')
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return order.paid_cents - order.refunded_cents - Number(pending.cents);
}

/**
 * Step 1 of a refund, inside the caller's transaction (a refund of its own, or the cancellation of a
 * paid order): the pending row. The caller settles it once that transaction has committed.
 */
export async function openRefund(
  trx: Trx,
  deps: Pick<PaymentDeps, 'ids' | 'clock' | 'payments'>,
  refund: { orderId: string; amountCents: number; reason: string; by: string | null },
): Promise<{ refundId: string; retryAt: number }> {
  const now = deps.clock.now().getTime();
  const refundId = deps.ids.next();
  const retryAt = now + deps.payments.retryAfterMs;
  await trx
    .insertInto('payments')
    .values({
      id: refundId,
      order_id: refund.orderId,
      kind: 'refund',
      status: 'pending',
      amount_cents: refund.amountCents,
      provider: deps.payments.provider.name,
      idempotency_key: refundId,
      reason: refund.reason,
      created_by: refund.by,
      created_at: now,
      retry_at: retryAt,
    })
    .execute();
  return { refundId, retryAt };
}
