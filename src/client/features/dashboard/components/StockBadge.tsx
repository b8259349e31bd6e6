import { Badge } from '@mantine/core';
import type { Product } from '../../../../shared/domain.js';
import { lowStockSeverity } from '../../../../shared/stockLevel.js';

export type StockLevel = 'out' | 'critical' | 'low' | 'ok';

/** Low stock is critical at half the threshold or below, as the server's low_stock events say. */
export function stockLevel(product: Pick<Product, 'stock' | 'lowStockThreshold'>): StockLevel {
  if (product.stock <= 0) return 'out';
  if (product.stock > product.lowStockThreshold) return 'ok';
  return lowStockSeverity(product.stock, product.lowStockThreshold) === 'critical' ? 'critical' : 'low';
}

export const LEVEL_LOOK: Record<StockLevel, { color: string; label: string }> = {
  out: { color: 'red.8', label: 'Out of stock' },
  critical: { color: 'orange.5', label: 'Critical' },
  low: { color: 'yellow', label: 'Low stock' },
  ok: { color: 'green', label: 'In stock' },
};

export function StockBadge({ product }: { product: Product }) {
  if (product.archivedAt !== null) return <Badge color="gray">Archived</Badge>;
  const look = LEVEL_LOOK[stockLevel(product)];
  return (
    <Badge color={look.color} data-testid="stock-level" data-level={stockLevel(product)}>
      {look.label}
    </Badge>
  );
}
