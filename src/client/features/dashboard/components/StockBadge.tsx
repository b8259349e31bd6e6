import { Badge } from '@mantine/core';
import type { Product } from '../../../../shared/domain.js';

export function stockLevel(product: Pick<Product, 'stock' | 'lowStockThreshold'>): 'out' | 'low' | 'ok' {
  if (product.stock <= 0) return 'out';
  return product.stock <= product.lowStockThreshold ? 'low' : 'ok';
}

export function StockBadge({ product }: { product: Product }) {
  const level = stockLevel(product);
  if (level === 'out') return <Badge color="red.8">Out of stock</Badge>;
  if (level === 'low') return <Badge color="yellow">Low stock</Badge>;
  return <Badge color="green">In stock</Badge>;
}
