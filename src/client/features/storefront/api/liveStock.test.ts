import { describe, expect, it } from 'vitest';
import type { Product } from '../../../../shared/domain.js';
import { hasUnknownProduct, initialStockState, liveProducts, stockReducer } from './liveStock.js';

function product(id: string, stock: number): Product {
  return { id, shopId: 's', name: id, sku: id, priceCents: 100, costCents: 50, stock, lowStockThreshold: 5, archivedAt: null };
}

describe('storefront stock from snapshot plus events', () => {
  it('applies each event once and ignores replays and older ids', () => {
    let state = initialStockState();
    state = stockReducer(state, { id: 11, updates: [{ productId: 'a', stock: 4 }] });
    state = stockReducer(state, { id: 12, updates: [{ productId: 'a', stock: 2 }] });
    state = stockReducer(state, { id: 11, updates: [{ productId: 'a', stock: 4 }] });
    expect(state.lastEventId).toBe(12);
    expect(liveProducts({ products: [product('a', 9), product('b', 1)], cursor: '10' }, state.stockById).map((p) => p.stock)).toEqual([2, 1]);
  });

  it('lets a newer snapshot win over events it already contains', () => {
    const state = stockReducer(initialStockState(), { id: 11, updates: [{ productId: 'a', stock: 4 }] });
    expect(liveProducts({ products: [product('a', 7)], cursor: '11' }, state.stockById)[0]?.stock).toBe(7);
  });

  it('starts over on reset, taking ids lower than before (a restored database)', () => {
    let state = stockReducer(initialStockState(), { id: 50, updates: [{ productId: 'a', stock: 4 }] });
    state = stockReducer(state, 'reset');
    state = stockReducer(state, { id: 3, updates: [{ productId: 'a', stock: 1 }] });
    expect(liveProducts({ products: [product('a', 9)], cursor: '2' }, state.stockById)[0]?.stock).toBe(1);
  });

  it('spots a product the snapshot does not have', () => {
    expect(hasUnknownProduct([{ productId: 'new', stock: 3 }], [product('a', 1)])).toBe(true);
    expect(hasUnknownProduct([{ productId: 'a', stock: 3 }], [product('a', 1)])).toBe(false);
  });
});
