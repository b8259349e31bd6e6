import type { Product } from '../../../../shared/domain.js';

/**
 * Stock at cost, from the rows the dashboard already keeps live (stock from inventory_update,
 * costs from the product list), so following it costs the order path nothing. Null when any cost
 * is hidden from the viewer (staff), as the server's `inventoryValueCents` is.
 */
export function inventoryValue(products: readonly Pick<Product, 'stock' | 'costCents'>[]): number | null {
  let total = 0;
  for (const product of products) {
    if (product.costCents === null) return null;
    total += product.stock * product.costCents;
  }
  return total;
}

/**
 * A stock update that leaves a known product's stock as it was is an edit of its details (a
 * movement always changes the stock), e.g. a new cost: only the product list has those.
 */
export function editsDetails(updates: readonly { productId: string; stock: number }[], known: readonly Pick<Product, 'id' | 'stock'>[] | undefined): boolean {
  if (!known) return false;
  return updates.some((update) => known.some((product) => product.id === update.productId && product.stock === update.stock));
}
