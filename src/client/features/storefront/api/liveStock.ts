import type { Product } from '../../../../shared/domain.js';

export interface StockUpdate {
  productId: string;
  stock: number;
}

export interface StockState {
  /** Highest event id applied; anything at or below it is a replayed duplicate. */
  lastEventId: number;
  /** Newest stock per product, with the event that set it (stock events are absolute: the latest wins). */
  stockById: ReadonlyMap<string, { stock: number; eventId: number }>;
}

export function initialStockState(): StockState {
  return { lastEventId: 0, stockById: new Map() };
}

/** `reset`: the stream starts over from a new snapshot, whose cursor may even be lower (a restored database). */
export function stockReducer(state: StockState, action: { id: number; updates: readonly StockUpdate[] } | 'reset'): StockState {
  if (action === 'reset') return initialStockState();
  if (action.id <= state.lastEventId) return state;
  const stockById = new Map(state.stockById);
  for (const update of action.updates) stockById.set(update.productId, { stock: update.stock, eventId: action.id });
  return { lastEventId: action.id, stockById };
}

/**
 * The snapshot's products with every stock change after its cursor. A newer snapshot (read again after
 * an order or for a new product) already holds the events up to its own cursor, so those are not re-applied.
 */
export function liveProducts(snapshot: { products: readonly Product[]; cursor: string }, stockById: StockState['stockById']): Product[] {
  const cursor = Number(snapshot.cursor);
  return snapshot.products.map((product) => {
    const live = stockById.get(product.id);
    return live && live.eventId > cursor ? { ...product, stock: live.stock } : product;
  });
}

/** A product created after the snapshot was read: only a new snapshot has its name and price. */
export function hasUnknownProduct(updates: readonly StockUpdate[], known: readonly { id: string }[] | undefined): boolean {
  if (!known) return false;
  return updates.some((update) => !known.some((product) => product.id === update.productId));
}
