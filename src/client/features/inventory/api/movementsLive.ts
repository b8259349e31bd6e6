import type { StockMovement, StockMovementKind } from '../../../../shared/purchasing.js';

export interface MovementFilter {
  productId: string | null;
  kind: StockMovementKind | null;
}

export function matchesFilter(movement: Pick<StockMovement, 'productId' | 'kind'>, filter: MovementFilter): boolean {
  return (filter.productId === null || movement.productId === filter.productId) && (filter.kind === null || movement.kind === filter.kind);
}

/** Movements heard live (newest first) above the loaded pages; a movement on both is shown once. */
export function mergeMovements(heard: readonly StockMovement[], loaded: readonly StockMovement[]): StockMovement[] {
  const seen = new Set<string>();
  const rows: StockMovement[] = [];
  for (const movement of [...heard, ...loaded]) {
    if (seen.has(movement.id)) continue;
    seen.add(movement.id);
    rows.push(movement);
  }
  return rows;
}
