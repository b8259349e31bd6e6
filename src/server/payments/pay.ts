import type { Order } from '../../shared/domain.js';
import { orderNumber } from '../../shared/orderNumber.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Executor, Trx } from '../db/database.js';
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from '../errors.js';
import { transact } from '../events/transact.js';
import { loadOrder } from '../orders/queries.js';
import { settle, type PaymentDeps } from './settle.js';

export interface PayInput {
  orderId: string;
  paymentMethod: string;
  idempotencyKey: string;
}

/**
 * order.pay: records the attempt (step 1, its own transaction), then settles it (settle.ts). A
 * repeated key finds its attempt: done, it answers the order as it stands; still pending, it
 * waits for the same settlement (or resumes it, after a crash). Either way the provider is asked
 * with one key per attempt, so the buyer is charged at most once per attempt, and attempts
 * never overlap on one order.
 */
export async function payOrder(deps: PaymentDeps, user: TokenClaims, input: PayInput): Promise<Order> {
  let attempt: Attempt;
  try {
    attempt = await transact(deps, (trx) => recordAttempt(trx, deps, user, input));
  } catch (error) {
    // Two first tries with one key can race past the lookup on another instance; the unique index lets one in.
    const winner = error instanceof DomainError ? undefined : await attemptByKey(deps.db, input);
    if (!winner || winner.payment_method !== input.paymentMethod) throw error;
    attempt = { ...winner, retryAt: null };
  }
  if (attempt.retryAt !== null) deps.dueWork.poke(attempt.retryAt);
  if (attempt.status === 'pending') await settle(deps, attempt.id);
  return loadOrder(deps.db, input.orderId);
}

function attemptByKey(db: Executor, input: PayInput) {
  return db.selectFrom('payments').select(['id', 'status', 'kind', 'payment_method']).where('order_id', '=', input.orderId).where('idempotency_key', '=', input.idempotencyKey).executeTakeFirst();
}

/** `retryAt` is set when this call made the attempt (the recovery task's due time for it). */
type Attempt = { id: string; status: string; retryAt: number | null };

async function recordAttempt(trx: Trx, deps: PaymentDeps, user: TokenClaims, input: PayInput): Promise<Attempt> {
  const order = await trx
    .selectFrom('orders')
    .select(['id', 'buyer_id', 'status', 'payment_status', 'total_cents'])
    .where('id', '=', input.orderId)
    .executeTakeFirst();
  if (!order) throw new NotFoundError('Order');
  if (order.buyer_id !== user.userId) throw new ForbiddenError('This is not your order');
  const number = orderNumber(order.id);

  const existing = await attemptByKey(trx, input);
  if (existing) {
    if (existing.kind !== 'charge' || existing.payment_method !== input.paymentMethod) {
      throw new DomainError('BAD_REQUEST', 'This idempotencyKey was already used on this order with another payment method: send a new key for a new attempt', 'idempotency_key_reused');
    }
    return { ...existing, retryAt: null };
  }
  if (order.status === 'cancelled') throw new ConflictError(`Order ${number} was cancelled; it can no longer be paid`, 'order_cancelled');
  if (order.payment_status !== 'unpaid' && order.payment_status !== 'failed') throw new ConflictError(`Order ${number} is already paid`, 'order_already_paid');
  const running = await trx
    .selectFrom('payments')
    .select('id')
    .where('order_id', '=', order.id)
    .where('kind', '=', 'charge')
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (running) throw new ConflictError(`A payment of order ${number} is being processed: wait for its outcome, or retry it with its own idempotencyKey`, 'payment_in_progress');

  const now = deps.clock.now().getTime();
  const id = deps.ids.next();
  const retryAt = now + deps.payments.retryAfterMs;
  await trx
    .insertInto('payments')
    .values({
      id,
      order_id: order.id,
      kind: 'charge',
      status: 'pending',
      amount_cents: order.total_cents,
      provider: deps.payments.provider.name,
      idempotency_key: input.idempotencyKey,
      payment_method: input.paymentMethod,
      created_by: user.userId,
      created_at: now,
      retry_at: retryAt,
    })
    .execute();
  return { id, status: 'pending', retryAt };
}
