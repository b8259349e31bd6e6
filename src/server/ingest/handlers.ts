import type { IngestMessage, IngestType } from '../../shared/ingest.js';
import type { AppDeps } from '../context.js';
import { applyInventoryCounted } from './inventory.js';
import { applyOrderStatus } from './orders.js';
import { applyPaymentFailed, applyPaymentSettled } from './payments.js';

/**
 * Applies one validated message. Its `deps.commits` claims the message id in the transaction of the
 * change (claims.ts), so a handler makes exactly one change through it, with `transact` or any
 * service function that does; throwing a DomainError refuses the message (it is dead-lettered with
 * the error's message), any other error is retried.
 */
export type IngestHandler<T extends IngestType> = (deps: AppDeps, message: IngestMessage<T>, messageId: string) => Promise<void>;

export type IngestHandlers = { readonly [T in IngestType]: IngestHandler<T> | null };

/**
 * Every message type and what applies it. A slot set to null dead-letters its messages saying no
 * handler applies them yet, to be moved back to the queue once one does.
 */
export const INGEST_HANDLERS: IngestHandlers = {
  'inventory.counted': applyInventoryCounted,
  'order.status': applyOrderStatus,
  'payment.settled': applyPaymentSettled,
  'payment.failed': applyPaymentFailed,
};
