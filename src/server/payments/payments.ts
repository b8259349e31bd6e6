import type { PaymentProvider } from './provider.js';

/** What the payment steps share, built once by the composition root. */
export interface Payments {
  readonly provider: PaymentProvider;
  /** How long a placed order holds its stock unpaid before it is released (UNPAID_ORDER_MINUTES). */
  readonly unpaidOrderMs: number;
  /** A step left pending this long (its caller crashed, or the provider did not answer) is resumed by the recovery task. */
  readonly retryAfterMs: number;
  /**
   * Runs `settle` for one payment row unless it is already running in this process, in which case
   * the caller waits for that run: ten concurrent retries of one order.pay make one provider call.
   * (Other instances may call too; the provider's idempotency key makes that one charge.)
   */
  once(paymentId: string, settle: () => Promise<void>): Promise<void>;
}

export const DEFAULT_RETRY_AFTER_MS = 60_000;

export function createPayments(options: { provider: PaymentProvider; unpaidOrderMs: number; retryAfterMs?: number }): Payments {
  const running = new Map<string, Promise<void>>();
  return {
    provider: options.provider,
    unpaidOrderMs: options.unpaidOrderMs,
    retryAfterMs: options.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS,
    once(paymentId, settle) {
      let run = running.get(paymentId);
      if (!run) {
        run = settle().finally(() => running.delete(paymentId));
        running.set(paymentId, run);
      }
      return run;
    },
  };
}
