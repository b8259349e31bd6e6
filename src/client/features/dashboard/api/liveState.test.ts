import { describe, expect, it } from 'vitest';
import type { Order } from '../../../../shared/domain.js';
import type { DashboardEvent } from '../../../../shared/events.js';
import { initialLiveState, liveFigures, liveReducer, type LiveState } from './liveState.js';

function order(id: string, totalCents: number, profitCents: number): Order {
  return { id, shopId: 's', buyerId: 'b', status: 'pending', totalCents, profitCents, items: [], createdAt: new Date(0) };
}

function apply(state: LiveState, id: number, event: DashboardEvent): LiveState {
  return liveReducer(state, { type: 'event', id, event, receivedAt: new Date(0) });
}

const snapshot = { orderCount: 2, revenueCents: 5000, profitCents: 2000, cursor: '10' };

describe('dashboard figures from snapshot plus events', () => {
  it('counts each event after the cursor once, however often it is replayed', () => {
    let state = initialLiveState();
    state = apply(state, 11, { type: 'new_order', order: order('o3', 1200, 500) });
    state = apply(state, 11, { type: 'new_order', order: order('o3', 1200, 500) });
    state = apply(state, 9, { type: 'new_order', order: order('o0', 999, 999) });
    expect(liveFigures(snapshot, state.deltas)).toEqual({ orderCount: 3, revenueCents: 6200, profitCents: 2500 });
  });

  it('leaves out events the snapshot already contains', () => {
    let state = initialLiveState();
    state = apply(state, 8, { type: 'new_order', order: order('o1', 1000, 400) });
    state = apply(state, 12, { type: 'new_order', order: order('o2', 300, 100) });
    expect(liveFigures(snapshot, state.deltas)).toEqual({ orderCount: 3, revenueCents: 5300, profitCents: 2100 });
  });

  it('starts over on reset, even with ids lower than before (a restored database), and still prices known orders', () => {
    let state = liveReducer(initialLiveState(), { type: 'ordersLoaded', orders: [order('known', 1000, 400)] });
    state = apply(state, 50, { type: 'new_order', order: order('o5', 700, 300) });
    state = liveReducer(state, { type: 'reset' });
    expect(state.deltas).toEqual([]);
    state = apply(state, 3, { type: 'order_status_changed', orderId: 'known', status: 'cancelled', previousStatus: 'pending' });
    expect(liveFigures({ ...snapshot, cursor: '2' }, state.deltas)).toEqual({ orderCount: 1, revenueCents: 4000, profitCents: 1600 });
  });

  it('takes a cancelled order it knows back out, and asks for a new snapshot for one it does not', () => {
    let state = liveReducer(initialLiveState(), { type: 'ordersLoaded', orders: [order('known', 1000, 400)] });
    state = apply(state, 11, { type: 'order_status_changed', orderId: 'known', status: 'cancelled', previousStatus: 'pending' });
    expect(liveFigures(snapshot, state.deltas)).toEqual({ orderCount: 1, revenueCents: 4000, profitCents: 1600 });
    expect(state.rebaseAfter).toBeNull();

    state = apply(state, 12, { type: 'order_status_changed', orderId: 'unknown', status: 'cancelled', previousStatus: 'confirmed' });
    expect(state.rebaseAfter).toBe(12);
    // A newer snapshot already has both cancellations in it: nothing is subtracted twice.
    expect(liveFigures({ orderCount: 0, revenueCents: 3000, profitCents: 1000, cursor: '12' }, state.deltas)).toEqual({
      orderCount: 0,
      revenueCents: 3000,
      profitCents: 1000,
    });
  });

  it('keeps the newest stock and status and collects alerts, newest first', () => {
    let state = initialLiveState();
    state = apply(state, 1, { type: 'inventory_update', updates: [{ productId: 'p', productName: 'P', stock: 3 }] });
    state = apply(state, 2, { type: 'low_stock', productId: 'p', productName: 'P', stock: 3, threshold: 5, severity: 'warning' });
    state = apply(state, 3, { type: 'inventory_update', updates: [{ productId: 'p', productName: 'P', stock: 0 }] });
    state = apply(state, 4, { type: 'out_of_stock', productId: 'p', productName: 'P' });
    state = apply(state, 5, { type: 'order_status_changed', orderId: 'o', status: 'shipped', previousStatus: 'confirmed' });
    expect(state.stockById.get('p')).toBe(0);
    expect(state.statusById.get('o')).toBe('shipped');
    expect(state.alerts.map((a) => a.kind)).toEqual(['out_of_stock', 'low_stock']);
  });
});
