import { describe, expect, it } from 'vitest';
import type { Order } from '../../../../shared/domain.js';
import type { OrderStreamEvent } from '../../../../shared/events.js';
import { historyReducer, liveOrder, type HistoryEntry } from './orderHistory.js';

const snapshot: Order = {
  id: 'o',
  shopId: 's',
  buyerId: 'b',
  status: 'pending',
  totalCents: 500,
  profitCents: 200,
  items: [],
  createdAt: new Date(0),
  customer: { name: 'B', email: 'b@example.test' },
  shippingAddress: null,
  trackingNumber: null,
  payment: { status: 'unpaid', paidCents: 0, refundedCents: 0, declineReason: null },
};
const at = new Date(1);
const entry = (eventId: number, event: OrderStreamEvent): HistoryEntry => ({ eventId, event });
const paid = { status: 'paid' as const, paidCents: 500, refundedCents: 0, declineReason: null };

describe("a seller's view of one order", () => {
  it('keeps each step once, in order, and starts over on reset', () => {
    const placed = entry(3, { orderId: 'o', status: 'pending', previousStatus: null, at });
    const payment = entry(5, { type: 'payment_received', orderId: 'o', amountCents: 500, at, payment: paid });
    let entries = [placed, payment, payment, placed].reduce(historyReducer, []);
    expect(entries.map((e) => e.eventId)).toEqual([3, 5]);
    entries = historyReducer(entries, 'reset');
    expect(historyReducer(entries, placed)).toEqual([placed]);
  });

  it('shows the newest status, payment and tracking number the history holds, else the snapshot', () => {
    expect(liveOrder(snapshot, [])).toEqual(snapshot);
    const order = liveOrder(snapshot, [
      entry(3, { orderId: 'o', status: 'pending', previousStatus: null, at }),
      entry(4, { type: 'payment_failed', orderId: 'o', amountCents: 500, at, payment: { ...snapshot.payment, status: 'failed', declineReason: 'Declined' } }),
      entry(5, { type: 'payment_received', orderId: 'o', amountCents: 500, at, payment: paid }),
      entry(6, { orderId: 'o', status: 'confirmed', previousStatus: 'pending', at }),
      entry(7, { orderId: 'o', status: 'shipped', previousStatus: 'confirmed', at, trackingNumber: '1Z' }),
    ]);
    expect(order).toMatchObject({ status: 'shipped', payment: paid, trackingNumber: '1Z' });
  });
});
