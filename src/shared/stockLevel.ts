/** How urgent a low stock level is: critical at half the threshold or below (CONTRACT `low_stock.severity`). */
export type LowStockSeverity = 'warning' | 'critical';

export function lowStockSeverity(stock: number, threshold: number): LowStockSeverity {
  return stock * 2 <= threshold ? 'critical' : 'warning';
}
