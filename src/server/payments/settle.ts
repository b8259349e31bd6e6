import { orderNumber } from '../../shared/orderNumber.js';
import type { PaymentsTable } from '../db/schema.js';
import { DomainError } from '../errors.js';
import { transact, type TransactDeps } from '../events/transact.js';
import type { IdSource } from '../ids.js';
import type { Payments } from './payments.js';
import type { ChargeOutcome, RefundOutcome } from './provider.js';
import { recordCharge, recordRefund } from './record.js';

export type PaymentDeps = TransactDeps & { ids: IdSource; payments: Payments; dueWork: { poke(dueAt?: number): void } };

/** The provider did not answer: the step stays pending and is resumed later with the same key. */
export class ProviderUnavailableError extends DomainError {
  constructor(cause: unknown) {
    super('SERVICE_UNAVAILABLE', 'The payment provider did not answer. Nothing was lost: the payment is retried by itself, or retry with the same idempotencyKey.', 'provider_unavailable');
    this.cause = cause;
  }
}

/**
 * The second and third steps of every payment (README "Payments"): the provider call, outside any
 * transaction, then one transaction that records its outcome with the order's payment, its events
 * and notifications. The first step (the pending row) was committed before this runs, so a crash
 * in between leaves a row that the recovery task resumes with the same idempotency key.
 */
export function settle(deps: PaymentDeps, paymentId: string): Promise<void> {
  return deps.payments.once(paymentId, async () => {
    const row = await deps.db.selectFrom('payments').selectAll().where('id', '=', paymentId).executeTakeFirst();
    if (!row || row.status !== 'pending') return;
    const provider = deps.payments.provider;
    if (row.provider !== provider.name) throw new Error(`Payment ${row.id} was started with the ${row.provider} provider, and this server runs ${provider.name}`);
    if (row.kind === 'charge') await settleCharge(deps, row);
    else await settleRefund(deps, row);
  });
}

async function settleCharge(deps: PaymentDeps, row: PaymentsTable): Promise<void> {
  const outcome = await ask<ChargeOutcome>(() =>
    deps.payments.provider.charge({
      // The row's id, not the caller's key: it is unique across orders, and a resumed step reuses it.
      idempotencyKey: row.id,
      amountCents: row.amount_cents,
      currency: 'usd',
      paymentMethod: row.payment_method ?? '',
      description: `Order ${orderNumber(row.order_id)}`,
    }),
  );
  const recorded = await transact(deps, (trx, emit) => recordCharge(trx, emit, deps, row, outcome));
  // The release timer skips an order while a charge runs: once it failed, the order may be overdue.
  if (recorded && !recorded.succeeded && recorded.payBy !== null) deps.dueWork.poke(recorded.payBy);
}

async function settleRefund(deps: PaymentDeps, row: PaymentsTable): Promise<void> {
  const charge = await deps.db
    .selectFrom('payments')
    .select('provider_ref')
    .where('order_id', '=', row.order_id)
    .where('kind', '=', 'charge')
    .where('status', '=', 'succeeded')
    .executeTakeFirst();
  if (!charge?.provider_ref) throw new Error(`Refund ${row.id} has no charge to refund`);
  const chargeRef = charge.provider_ref;
  const outcome = await ask<RefundOutcome>(() => deps.payments.provider.refund({ idempotencyKey: row.id, chargeRef, amountCents: row.amount_cents }));
  await transact(deps, (trx, emit) => recordRefund(trx, emit, deps, row, outcome));
}

async function ask<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (cause) {
    throw new ProviderUnavailableError(cause);
  }
}
