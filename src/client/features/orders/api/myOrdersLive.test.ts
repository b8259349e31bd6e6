import { describe, expect, it } from 'vitest';
import type { Order } from '../../../../shared/domain.js';
import type { OrderPaymentEvent, OrderStreamEvent } from '../../../../shared/events.js';
import type { OrderStatus } from '../../../../shared/orderStatus.js';
import type { OrderPayment } from '../../../../shared/payments.js';
import { emptyLiveOrders, isUnlistedOrder, liveOrdersReducer, myOrderRows, oldestCursor, type LiveOrders } from './myOrdersLive.js';

const unpaid: OrderPayment = { status: 'unpaid', paidCents: 0, refundedCents: 0, declineReason: null };
const paid: OrderPayment = { status: 'paid', paidCents: 100, refundedCents: 0, declineReason: null };

function order(id: string, status: OrderStatus, payment = unpaid): Order {
  return {
    id,
    shopId: 's',
    buyerId: 'b',
    status,
    totalCents: 100,
    profitCents: 40,
    items: [],
    createdAt: new Date(0),
    customer: { name: 'B', email: 'b@example.test' },
    shippingAddress: null,
    trackingNumber: null,
    payment,
  };
}

function moved(orderId: string, status: OrderStatus, previousStatus: OrderStatus | null, trackingNumber?: string): OrderStreamEvent {
  return { orderId, status, previousStatus, at: new Date(0), ...(trackingNumber ? { trackingNumber } : {}) };
}

function paidEvent(orderId: string, payment: OrderPayment, type: OrderPaymentEvent['type'] = 'payment_received'): OrderStreamEvent {
  return { type, orderId, amountCents: 100, at: new Date(0), payment };
}

const hear = (state: LiveOrders, id: number, event: OrderStreamEvent) => liveOrdersReducer(state, { id, event });

describe('My orders from the list plus the buyer stream', () => {
  it('shows the newest status heard after the page was read, per page', () => {
    let live = emptyLiveOrders();
    live = hear(live, 11, moved('a', 'confirmed', 'pending'));
    live = hear(live, 12, moved('b', 'shipped', 'confirmed'));
    live = hear(live, 14, moved('a', 'shipped', 'confirmed'));
    const pages = [
      { items: [order('a', 'pending')], eventCursor: '10' },
      // Read later: it already holds the move to 'shipped' (12), and stays newer than nothing before it.
      { items: [order('b', 'shipped')], eventCursor: '13' },
    ];
    expect(myOrderRows(pages, live).map((row) => [row.order.id, row.status])).toEqual([
      ['a', 'shipped'],
      ['b', 'shipped'],
    ]);
  });

  it('keeps the newest move per order, whatever order replays bring them in, and forgets them on reset', () => {
    let live = emptyLiveOrders();
    live = hear(live, 14, moved('a', 'shipped', 'confirmed'));
    live = hear(live, 11, moved('a', 'confirmed', 'pending'));
    expect(live.statuses.get('a')).toEqual({ value: 'shipped', eventId: 14 });
    live = liveOrdersReducer(live, 'reset');
    live = hear(live, 3, moved('a', 'cancelled', 'pending'));
    expect(myOrderRows([{ items: [order('a', 'pending')], eventCursor: '2' }], live)[0]?.status).toBe('cancelled');
  });

  it('shows payments and tracking numbers heard after the page, and leaves older ones to the page', () => {
    let live = emptyLiveOrders();
    live = hear(live, 5, paidEvent('a', { ...unpaid, status: 'failed', declineReason: 'Your card was declined.' }, 'payment_failed'));
    live = hear(live, 8, paidEvent('a', paid));
    live = hear(live, 9, moved('a', 'shipped', 'confirmed', '1Z999'));
    const [row] = myOrderRows([{ items: [order('a', 'confirmed')], eventCursor: '6' }], live);
    expect(row).toMatchObject({ status: 'shipped', payment: paid, trackingNumber: '1Z999' });
    const [later] = myOrderRows([{ items: [order('a', 'shipped', { ...paid, status: 'refunded', refundedCents: 100 })], eventCursor: '20' }], live);
    expect(later?.payment.status).toBe('refunded');
  });

  it('subscribes from the oldest page cursor', () => {
    expect(oldestCursor([])).toBeUndefined();
    expect(oldestCursor([{ eventCursor: '9' }, { eventCursor: '12' }, { eventCursor: '100' }])).toBe('9');
    expect(oldestCursor([{ eventCursor: '100' }, { eventCursor: '12' }])).toBe('12');
  });

  it('spots an order placed after the list was read, and only by its first event', () => {
    const pages = [{ items: [order('a', 'pending')] }];
    expect(isUnlistedOrder(moved('new', 'pending', null), pages)).toBe(true);
    expect(isUnlistedOrder(moved('a', 'pending', null), pages)).toBe(false);
    expect(isUnlistedOrder(moved('older', 'shipped', 'confirmed'), pages)).toBe(false);
    expect(isUnlistedOrder(paidEvent('new', paid), pages)).toBe(false);
  });
});
