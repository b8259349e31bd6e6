import type { OrderPayment, PaymentEventType } from '../../shared/payments.js';
import type { Trx } from '../db/database.js';
import type { PaymentsTable } from '../db/schema.js';
import { orderStatusEvents, shopEvent } from '../events/topics.js';
import type { Emit } from '../events/transact.js';
import type { NewEvent } from '../events/types.js';
import { notify, type NotifyDeps } from '../notifications/notify.js';
import { buyerPaymentNotice, memberRefundNotice } from './messages.js';
import type { ChargeOutcome, RefundOutcome } from './provider.js';

/** An order's money and whom it concerns, read inside the transaction that records a step. */
async function orderForPayment(trx: Trx, orderId: string) {
  return trx
    .selectFrom('orders')
    .innerJoin('shops', 'shops.id', 'orders.shop_id')
    .select(['orders.id', 'orders.shop_id', 'orders.buyer_id', 'orders.paid_cents', 'orders.refunded_cents', 'orders.pay_by', 'shops.name as shop_name'])
    .where('orders.id', '=', orderId)
    .executeTakeFirstOrThrow();
}

type OrderForPayment = Awaited<ReturnType<typeof orderForPayment>>;

/**
 * Marks a pending step done, once: the guarded update is the claim, so a second recorder of the
 * same step (a concurrent retry on another instance, the recovery task) records nothing.
 */
async function claim(trx: Trx, row: PaymentsTable, set: { status: 'succeeded' | 'failed'; provider_ref: string | null; decline_reason: string | null }, now: number): Promise<boolean> {
  const result = await trx
    .updateTable('payments')
    .set({ ...set, completed_at: now, retry_at: null })
    .where('id', '=', row.id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The shop's event, the order's stream and "My orders" (two rows), and the buyer's notification: one step's record. */
async function tell(
  trx: Trx,
  emit: Emit,
  deps: NotifyDeps,
  order: OrderForPayment,
  step: { type: PaymentEventType; amountCents: number; payment: OrderPayment; at: Date; refundReason?: string | null },
): Promise<void> {
  const events: NewEvent[] = [
    shopEvent(order.shop_id, { type: step.type, orderId: order.id, amountCents: step.amountCents, payment: step.payment }),
    ...orderStatusEvents(order.buyer_id, { type: step.type, orderId: order.id, amountCents: step.amountCents, at: step.at, payment: step.payment }),
  ];
  emit(...events);
  await notify(
    trx,
    emit,
    deps,
    buyerPaymentNotice({
      buyerId: order.buyer_id,
      orderId: order.id,
      shopName: order.shop_name,
      type: step.type,
      amountCents: step.amountCents,
      declineReason: step.payment.declineReason,
      refundReason: step.refundReason ?? null,
    }),
  );
}

/** A charge's outcome, with its order's payment and events. Answers null when someone else recorded it first. */
export async function recordCharge(
  trx: Trx,
  emit: Emit,
  deps: NotifyDeps,
  row: PaymentsTable,
  outcome: ChargeOutcome,
): Promise<{ succeeded: boolean; payBy: number | null } | null> {
  const now = deps.clock.now();
  const succeeded = outcome.status === 'succeeded';
  const declineReason = outcome.status === 'declined' ? outcome.declineReason : null;
  if (!(await claim(trx, row, { status: succeeded ? 'succeeded' : 'failed', provider_ref: outcome.providerRef, decline_reason: declineReason }, now.getTime()))) return null;
  const order = await orderForPayment(trx, row.order_id);
  // Only one charge attempt runs at a time and none once the order is paid (pay.ts), so a success is the order's payment.
  const paidCents = order.paid_cents + (succeeded ? row.amount_cents : 0);
  const payment: OrderPayment = { status: succeeded ? 'paid' : 'failed', paidCents, refundedCents: order.refunded_cents, declineReason };
  await trx
    .updateTable('orders')
    .set({ payment_status: payment.status, paid_cents: paidCents, decline_reason: declineReason, updated_at: now.getTime(), ...(succeeded ? { pay_by: null } : {}) })
    .where('id', '=', order.id)
    .execute();
  await tell(trx, emit, deps, order, { type: succeeded ? 'payment_received' : 'payment_failed', amountCents: row.amount_cents, payment, at: now });
  return { succeeded, payBy: order.pay_by === null ? null : Number(order.pay_by) };
}

/** A refund's outcome, with its order's payment and events. Answers null when someone else recorded it first. */
export async function recordRefund(trx: Trx, emit: Emit, deps: NotifyDeps, row: PaymentsTable, outcome: RefundOutcome): Promise<{ succeeded: boolean } | null> {
  const now = deps.clock.now();
  const succeeded = outcome.status === 'succeeded';
  const set = succeeded ? { status: 'succeeded' as const, provider_ref: outcome.providerRef, decline_reason: null } : { status: 'failed' as const, provider_ref: null, decline_reason: outcome.reason };
  if (!(await claim(trx, row, set, now.getTime()))) return null;
  if (!succeeded) return { succeeded };
  const order = await orderForPayment(trx, row.order_id);
  const refundedCents = order.refunded_cents + row.amount_cents;
  const payment: OrderPayment = {
    status: refundedCents >= order.paid_cents ? 'refunded' : 'partially_refunded',
    paidCents: order.paid_cents,
    refundedCents,
    declineReason: null,
  };
  await trx.updateTable('orders').set({ payment_status: payment.status, refunded_cents: refundedCents, updated_at: now.getTime() }).where('id', '=', order.id).execute();
  await tell(trx, emit, deps, order, { type: 'payment_refunded', amountCents: row.amount_cents, payment, at: now, refundReason: row.reason });
  await tellMoneyMembers(trx, emit, deps, order, row);
  return { succeeded };
}

/** A refund is news to the shop's other owners and managers (whoever made it knows). */
async function tellMoneyMembers(trx: Trx, emit: Emit, deps: NotifyDeps, order: OrderForPayment, row: PaymentsTable): Promise<void> {
  let members = trx.selectFrom('shop_sellers').select('user_id').where('shop_id', '=', order.shop_id).where('role', 'in', ['owner', 'manager']);
  if (row.created_by !== null) members = members.where('user_id', '!=', row.created_by);
  const notice = memberRefundNotice({ shopId: order.shop_id, shopName: order.shop_name, orderId: order.id, amountCents: row.amount_cents, reason: row.reason });
  await notify(
    trx,
    emit,
    deps,
    (await members.execute()).map((m) => ({ ...notice, userId: m.user_id })),
  );
}
