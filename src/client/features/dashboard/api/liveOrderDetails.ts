import type { Order } from '../../../../shared/domain.js';
import type { DashboardEvent } from '../../../../shared/events.js';
import type { OrderPayment } from '../../../../shared/payments.js';

/**
 * What the dashboard hears of orders beyond their status: each order's payment (absolute, so the
 * newest event wins), tracking numbers given on shipping, and the refunds for the refunded figure.
 */
export interface LiveOrderDetails {
  lastEventId: number;
  paymentById: ReadonlyMap<string, OrderPayment>;
  trackingById: ReadonlyMap<string, string>;
  /** One per payment_refunded event, when it was heard (the refund's time); `cents` is null for staff (no amounts). */
  refunds: readonly { eventId: number; at: number; cents: number | null }[];
}

export type DetailsAction = { type: 'event'; id: number; event: DashboardEvent; receivedAt: Date } | { type: 'reset' };

export function initialOrderDetails(): LiveOrderDetails {
  return { lastEventId: 0, paymentById: new Map(), trackingById: new Map(), refunds: [] };
}

export function orderDetailsReducer(state: LiveOrderDetails, action: DetailsAction): LiveOrderDetails {
  if (action.type === 'reset') return initialOrderDetails();
  if (action.id <= state.lastEventId) return state;
  const next = { ...state, lastEventId: action.id };
  const { event } = action;
  if (event.type === 'payment_received' || event.type === 'payment_failed') {
    return { ...next, paymentById: new Map(state.paymentById).set(event.orderId, event.payment) };
  }
  if (event.type === 'payment_refunded') {
    return {
      ...next,
      paymentById: new Map(state.paymentById).set(event.orderId, event.payment),
      refunds: [...state.refunds, { eventId: action.id, at: action.receivedAt.getTime(), cents: event.amountCents }],
    };
  }
  if (event.type === 'order_status_changed' && event.trackingNumber !== undefined) {
    return { ...next, trackingById: new Map(state.trackingById).set(event.orderId, event.trackingNumber) };
  }
  return next;
}

/**
 * The snapshot's refunded figure plus every refund heard after its cursor within `span` (by when
 * it was heard, which is when it happened: live events arrive as they commit); null when the
 * viewer sees no money.
 */
export function liveRefunded(snapshot: { refundedCents: number | null; cursor: string }, refunds: LiveOrderDetails['refunds'], span: { from: number; to: number } | null = null): number | null {
  let total = snapshot.refundedCents;
  const cursor = Number(snapshot.cursor);
  for (const refund of refunds) {
    if (refund.eventId <= cursor) continue;
    if (span && (refund.at < span.from || refund.at >= span.to)) continue;
    total = total === null || refund.cents === null ? null : total + refund.cents;
  }
  return total;
}

/** Orders with the payment and tracking heard since they were loaded (events are absolute: the newest wins). */
export function withDetails(orders: readonly Order[], details: Pick<LiveOrderDetails, 'paymentById' | 'trackingById'>): Order[] {
  return orders.map((order) => {
    const payment = details.paymentById.get(order.id);
    const trackingNumber = details.trackingById.get(order.id);
    return payment === undefined && trackingNumber === undefined ? order : { ...order, payment: payment ?? order.payment, trackingNumber: trackingNumber ?? order.trackingNumber };
  });
}
