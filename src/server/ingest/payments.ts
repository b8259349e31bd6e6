import type { IngestMessage } from '../../shared/ingest.js';
import { OutcomeAlreadyRecorded, recordProcessorReport, type ProcessorReport } from '../payments/processor.js';
import type { PaymentDeps } from '../payments/settle.js';
import { AlreadyApplied } from './claims.js';

/** A processor settled an order's charge: recorded as `order.pay` records a success (payments/processor.ts). */
export function applyPaymentSettled(deps: PaymentDeps, message: IngestMessage<'payment.settled'>, messageId: string): Promise<void> {
  const { shopId, orderId, providerRef, amountCents } = message;
  return record(deps, { outcome: 'settled', shopId, orderId, providerRef, amountCents }, messageId);
}

/** A processor declined or failed an order's charge: recorded as `order.pay` records a decline. */
export function applyPaymentFailed(deps: PaymentDeps, message: IngestMessage<'payment.failed'>, messageId: string): Promise<void> {
  const { shopId, orderId, providerRef, declineReason } = message;
  return record(deps, { outcome: 'failed', shopId, orderId, providerRef, declineReason }, messageId);
}

async function record(deps: PaymentDeps, report: ProcessorReport, messageId: string): Promise<void> {
  try {
    await recordProcessorReport(deps, report);
  } catch (error) {
    // What it says is recorded already: acked as a duplicate, its claim rolled back with the rest.
    if (error instanceof OutcomeAlreadyRecorded) throw new AlreadyApplied(messageId);
    throw error;
  }
}
