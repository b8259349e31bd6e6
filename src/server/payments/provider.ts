import { createHash } from 'node:crypto';

/**
 * A payment provider, as the payment steps see it (README "Payments"). Each call carries an
 * idempotency key, and the provider answers a repeated key with the first call's outcome
 * without moving money again: that is what makes a retry after a crash safe, whether the
 * first call never arrived, or arrived and its answer was lost.
 *
 * Calls happen outside any database transaction (they may take seconds); a thrown error means
 * "outcome unknown" and leaves the step pending, to be asked again with the same key.
 */
export interface PaymentProvider {
  /** Stored with every payment row, so a row is always resumed with the provider that started it. */
  readonly name: string;
  charge(request: ChargeRequest): Promise<ChargeOutcome>;
  refund(request: RefundRequest): Promise<RefundOutcome>;
}

export interface ChargeRequest {
  idempotencyKey: string;
  amountCents: number;
  currency: 'usd';
  paymentMethod: string;
  /** What the buyer's statement and the provider's dashboard show, e.g. "Order #9E4F7854". */
  description: string;
}

export type ChargeOutcome = { status: 'succeeded'; providerRef: string } | { status: 'declined'; providerRef: string | null; declineReason: string };

export interface RefundRequest {
  idempotencyKey: string;
  /** The provider's id of the charge being refunded. */
  chargeRef: string;
  amountCents: number;
}

export type RefundOutcome = { status: 'succeeded'; providerRef: string } | { status: 'failed'; reason: string };

/** Stripe's test payment methods that the built-in provider knows, and what each does. */
const TEST_METHODS: Record<string, string | null> = {
  pm_card_visa: null,
  pm_card_mastercard: null,
  pm_card_amex: null,
  pm_card_declined: 'Your card was declined.',
  pm_card_chargeDeclinedInsufficientFunds: 'Your card has insufficient funds.',
  pm_card_chargeDeclinedExpiredCard: 'Your card has expired.',
  pm_card_chargeDeclinedIncorrectCvc: "Your card's security code is incorrect.",
};

export interface TestProvider extends PaymentProvider {
  /** Money this provider has moved, one entry per distinct key (tests count charges with it). */
  ledger(): readonly { kind: 'charge' | 'refund'; idempotencyKey: string; providerRef: string; amountCents: number }[];
}

/**
 * The built-in `test` provider (PAYMENT_PROVIDER=test, the default): no network, answers at once.
 * `pm_card_visa` (and the other good cards above) succeed, `pm_card_declined` and its kin are
 * declined with Stripe's wording, anything else is declined as unknown. Keys behave as a real
 * provider's do: a repeated key gets the first outcome and moves nothing. Its memory of keys
 * lasts as long as the process; ids are derived from the key, so even after a restart a
 * repeated key names the same charge.
 */
export function createTestProvider(): TestProvider {
  const outcomes = new Map<string, ChargeOutcome | RefundOutcome>();
  const moved: ReturnType<TestProvider['ledger']>[number][] = [];
  const refOf = (prefix: string, key: string) => `${prefix}_test_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;

  return {
    name: 'test',
    charge(request) {
      const key = `charge:${request.idempotencyKey}`;
      let outcome = outcomes.get(key) as ChargeOutcome | undefined;
      if (!outcome) {
        const known = request.paymentMethod in TEST_METHODS;
        const declineReason = known ? (TEST_METHODS[request.paymentMethod] ?? null) : `Unknown test payment method ${request.paymentMethod}.`;
        outcome = declineReason === null ? { status: 'succeeded', providerRef: refOf('ch', key) } : { status: 'declined', providerRef: null, declineReason };
        outcomes.set(key, outcome);
        if (outcome.status === 'succeeded') moved.push({ kind: 'charge', idempotencyKey: request.idempotencyKey, providerRef: outcome.providerRef, amountCents: request.amountCents });
      }
      return Promise.resolve(outcome);
    },
    refund(request) {
      const key = `refund:${request.idempotencyKey}`;
      let outcome = outcomes.get(key) as RefundOutcome | undefined;
      if (!outcome) {
        outcome = { status: 'succeeded', providerRef: refOf('re', key) };
        outcomes.set(key, outcome);
        moved.push({ kind: 'refund', idempotencyKey: request.idempotencyKey, providerRef: outcome.providerRef, amountCents: request.amountCents });
      }
      return Promise.resolve(outcome);
    },
    ledger: () => moved,
  };
}
