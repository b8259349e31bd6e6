import { orderNumber } from '../../shared/orderNumber.js';
import { ConflictError, InvalidRequestError, NotFoundError } from '../errors.js';
import { transact } from '../events/transact.js';
import type { ChargeOutcome } from './provider.js';
import { recordCharge } from './record.js';
import type { PaymentDeps } from './settle.js';

/**
 * A charge's outcome as the processor tells it of its own accord (a message from another service,
 * later a webhook), rather than as the answer to our call.
 */
export type ProcessorReport =
  | { outcome: 'settled'; shopId: string; orderId: string; providerRef: string; amountCents: number }
  | { outcome: 'failed'; shopId: string; orderId: string; providerRef: string | null; declineReason: string };

/** The report says what is recorded already (the processor said it twice, or our call's answer came first): nothing changes. */
export class OutcomeAlreadyRecorded extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutcomeAlreadyRecorded';
  }
}

const PAID = new Set(['paid', 'partially_refunded', 'refunded']);

/**
 * Step 3 of a charge (README "Payments"), from the processor's report: the charge it names
 * (by `providerRef`, else the order's one charge awaiting an outcome) is recorded by
 * `recordCharge`, the path of `order.pay` itself, so the order's payment, the events on the
 * shop's, order's and buyer's streams and the buyer's notification are the same. Refused, and so
 * changing nothing: another shop's or an unknown order; an order with no charge awaiting an
 * outcome (unknown payment; or already paid, when a second settlement may mean money taken twice);
 * a report that contradicts the recorded outcome; a settlement of another amount than the charge.
 */
export async function recordProcessorReport(deps: PaymentDeps, report: ProcessorReport): Promise<void> {
  const settled = report.outcome === 'settled';
  const what = settled ? 'settlement' : 'failure';
  const ref = report.providerRef ?? 'no providerRef';
  const recorded = await transact(deps, async (trx, emit) => {
    const order = await trx.selectFrom('orders').select(['id', 'shop_id', 'payment_status']).where('id', '=', report.orderId).executeTakeFirst();
    // Another shop's order is not this sender's to pay, and is reported as unknown to it.
    if (!order || order.shop_id !== report.shopId) throw new NotFoundError(`Order ${report.orderId} of shop ${report.shopId}`);
    const number = orderNumber(order.id);
    const charges = await trx.selectFrom('payments').selectAll().where('order_id', '=', order.id).where('kind', '=', 'charge').execute();
    const named = report.providerRef === null ? undefined : charges.find((charge) => charge.provider_ref === report.providerRef);
    const row = named ?? charges.find((charge) => charge.status === 'pending');
    if (!row) {
      if (PAID.has(order.payment_status)) {
        throw new ConflictError(`Order ${number} is already paid and no charge of it awaits an outcome: this ${what} (${ref}) changes nothing; if the processor took the money twice, refund it there`, 'order_already_paid');
      }
      throw new NotFoundError(`A charge of order ${number} awaiting an outcome (${ref})`);
    }
    if (row.status !== 'pending') {
      if ((row.status === 'succeeded') === settled) throw new OutcomeAlreadyRecorded(`Charge ${ref} of order ${number} is recorded as ${row.status} already`);
      throw new ConflictError(
        `Charge ${ref} of order ${number} is recorded as ${row.status === 'succeeded' ? 'paid' : 'declined'}; this ${what} changes nothing here: check it at the processor`,
        'payment_outcome_differs',
      );
    }
    if (row.provider_ref !== null && report.providerRef !== null && row.provider_ref !== report.providerRef) {
      throw new ConflictError(`The charge of order ${number} awaiting an outcome is ${row.provider_ref}, not ${report.providerRef}`, 'payment_ref_differs');
    }
    if (settled && report.amountCents !== row.amount_cents) {
      throw new InvalidRequestError(`The settlement is for ${report.amountCents} cents; the charge of order ${number} is for ${row.amount_cents} cents`);
    }
    const outcome: ChargeOutcome = settled
      ? { status: 'succeeded', providerRef: report.providerRef }
      : { status: 'declined', providerRef: report.providerRef, declineReason: report.declineReason };
    const result = await recordCharge(trx, emit, deps, row, outcome);
    // Not reached while the row was read pending in this same transaction; were it, the caller looks again.
    if (!result) throw new Error(`The charge of order ${number} was recorded meanwhile`);
    return result;
  });
  // The release timer skips an order while a charge runs: once it failed, the order may be overdue.
  if (!recorded.succeeded && recorded.payBy !== null) deps.dueWork.poke(recorded.payBy);
}
