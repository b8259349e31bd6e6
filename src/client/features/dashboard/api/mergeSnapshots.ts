import type { Order, Product } from '../../../../shared/domain.js';
import type { LiveState } from './liveState.js';

/** Loaded pages plus orders that arrived live, newest first, each with its latest known status. */
export function mergeOrders(loaded: readonly Order[], live: Pick<LiveState, 'liveOrders' | 'statusById'>): Order[] {
  const byId = new Map<string, Order>();
  for (const order of loaded) byId.set(order.id, order);
  for (const order of live.liveOrders.values()) if (!byId.has(order.id)) byId.set(order.id, order);
  return [...byId.values()]
    .map((order) => ({ ...order, status: live.statusById.get(order.id) ?? order.status }))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id));
}

export function mergeProducts(products: readonly Product[], stockById: ReadonlyMap<string, number>): Product[] {
  return products.map((product) => ({ ...product, stock: stockById.get(product.id) ?? product.stock }));
}
