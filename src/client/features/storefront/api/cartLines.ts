import type { Product } from '../../../../shared/domain.js';
import type { Cart } from './useCart.js';

export interface CartLine {
  product: Product;
  quantity: number;
}

/** The cart against the current product list; a product that vanished from the shop drops out. */
export function cartLines(cart: Cart, products: readonly Product[]): CartLine[] {
  return Object.entries(cart).flatMap(([productId, quantity]) => {
    const product = products.find((p) => p.id === productId);
    return product ? [{ product, quantity }] : [];
  });
}

export function cartTotal(lines: readonly CartLine[]): number {
  return lines.reduce((sum, line) => sum + line.product.priceCents * line.quantity, 0);
}
