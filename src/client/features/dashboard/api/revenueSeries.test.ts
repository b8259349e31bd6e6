import { describe, expect, it } from 'vitest';
import type { Order } from '../../../../shared/domain.js';
import { revenueSeries } from './revenueSeries.js';

function order(at: Date, totalCents: number, status: Order['status'] = 'pending'): Order {
  return { id: String(at.getTime()), shopId: 's', buyerId: 'b', status, totalCents, profitCents: 0, items: [], createdAt: at, customer: { name: 'B', email: 'b@example.test' }, shippingAddress: null, trackingNumber: null, payment: { status: 'unpaid', paidCents: 0, refundedCents: 0, declineReason: null } };
}

describe('revenue over the day', () => {
  it('runs up hour by hour to now, without yesterday or cancelled orders', () => {
    const now = new Date(2026, 10, 23, 3, 30);
    const series = revenueSeries(
      [
        order(new Date(2026, 10, 23, 0, 10), 500),
        order(new Date(2026, 10, 23, 2, 0), 700),
        order(new Date(2026, 10, 23, 2, 5), 9999, 'cancelled'),
        order(new Date(2026, 10, 22, 23, 59), 4242),
      ],
      now,
    );
    expect(series).toEqual([
      { hour: '00:00', revenueCents: 500 },
      { hour: '01:00', revenueCents: 500 },
      { hour: '02:00', revenueCents: 1200 },
      { hour: '03:00', revenueCents: 1200 },
    ]);
  });
});
