import type { Product } from '../../../../shared/domain.js';

/**
 * Stock at cost, from the rows the dashboard already keeps live (stock from inventory_update,
 * costs from the product list, read again on product_updated), so following it costs the order
 * path nothing. Null when any cost is hidden from the viewer (staff), as the server's
 * `inventoryValueCents` is.
 */
export function inventoryValue(products: readonly Pick<Product, 'stock' | 'costCents'>[]): number | null {
  let total = 0;
  for (const product of products) {
    if (product.costCents === null) return null;
    total += product.stock * product.costCents;
  }
  return total;
}
