import { describe, expect, it } from 'vitest';
import type { StockMovement } from '../../../../shared/purchasing.js';
import type { Transfer } from '../../../../shared/transfers.js';
import { matchesFilter, mergeMovements } from './movementsLive.js';
import { incoming, mergeTransfers } from './transfersLive.js';

function movement(id: string, patch: Partial<StockMovement> = {}): StockMovement {
  return {
    id,
    productId: 'p1',
    productName: 'Beans',
    delta: 1,
    stockAfter: 1,
    reason: 'r',
    kind: 'adjust',
    by: null,
    byName: null,
    orderId: null,
    purchaseOrderId: null,
    transferId: null,
    at: new Date(0),
    ...patch,
  };
}

function transfer(id: string, sentAt: number, patch: Partial<Transfer> = {}): Transfer {
  return {
    id,
    fromShopId: 'a',
    fromShopName: 'A',
    toShopId: 'b',
    toShopName: 'B',
    sku: 'S',
    fromProductId: 'pa',
    toProductId: 'pb',
    productName: 'Beans',
    quantity: 1,
    status: 'in_transit',
    sentBy: 'u',
    sentByName: 'U',
    sentAt: new Date(sentAt),
    receivedBy: null,
    receivedByName: null,
    receivedAt: null,
    ...patch,
  };
}

describe('movements page', () => {
  it('filters by product and kind, either or both', () => {
    const m = movement('1', { productId: 'p2', kind: 'purchase' });
    expect(matchesFilter(m, { productId: null, kind: null })).toBe(true);
    expect(matchesFilter(m, { productId: 'p2', kind: null })).toBe(true);
    expect(matchesFilter(m, { productId: 'p1', kind: null })).toBe(false);
    expect(matchesFilter(m, { productId: 'p2', kind: 'purchase' })).toBe(true);
    expect(matchesFilter(m, { productId: null, kind: 'order' })).toBe(false);
  });

  it('shows live movements above the loaded ones, each once', () => {
    expect(mergeMovements([movement('5'), movement('4')], [movement('4'), movement('3')]).map((m) => m.id)).toEqual(['5', '4', '3']);
  });
});

describe('transfers page', () => {
  it('takes the newest state of each transfer, newest sent first', () => {
    const loaded = [transfer('t2', 2), transfer('t1', 1)];
    const heard = new Map([
      ['t1', transfer('t1', 1, { status: 'received' })],
      ['t3', transfer('t3', 3)],
    ]);
    const merged = mergeTransfers(loaded, heard);
    expect(merged.map((t) => [t.id, t.status])).toEqual([
      ['t3', 'in_transit'],
      ['t2', 'in_transit'],
      ['t1', 'received'],
    ]);
    expect(incoming(merged, 'b').map((t) => t.id)).toEqual(['t3', 't2']);
    expect(incoming(merged, 'a')).toEqual([]);
  });
});
