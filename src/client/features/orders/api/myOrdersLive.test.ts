import { describe, expect, it } from 'vitest';
import type { Order } from '../../../../shared/domain.js';
import type { OrderStatusEvent } from '../../../../shared/events.js';
import type { OrderStatus } from '../../../../shared/orderStatus.js';
import { isUnlistedOrder, liveStatusesReducer, myOrderRows, oldestCursor, type LiveStatuses } from './myOrdersLive.js';

function order(id: string, status: OrderStatus): Order {
  return { id, shopId: 's', buyerId: 'b', status, totalCents: 100, profitCents: 40, items: [], createdAt: new Date(0) };
}

function moved(orderId: string, status: OrderStatus, previousStatus: OrderStatus | null): OrderStatusEvent {
  return { orderId, status, previousStatus, at: new Date(0) };
}

const hear = (state: LiveStatuses, id: number, event: OrderStatusEvent) => liveStatusesReducer(state, { id, event });

describe('My orders from the list plus the buyer stream', () => {
  it('shows the newest status heard after the page was read, per page', () => {
    let live: LiveStatuses = new Map();
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
    let live: LiveStatuses = new Map();
    live = hear(live, 14, moved('a', 'shipped', 'confirmed'));
    live = hear(live, 11, moved('a', 'confirmed', 'pending'));
    expect(live.get('a')).toEqual({ status: 'shipped', eventId: 14 });
    live = liveStatusesReducer(live, 'reset');
    live = hear(live, 3, moved('a', 'cancelled', 'pending'));
    expect(myOrderRows([{ items: [order('a', 'pending')], eventCursor: '2' }], live)[0]?.status).toBe('cancelled');
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
  });
});
