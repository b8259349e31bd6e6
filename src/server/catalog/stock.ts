import type { DashboardEvent } from '../../shared/events.js';
import type { NewEvent } from '../events/types.js';
import type { Insertable } from 'kysely';
import type { Trx } from '../db/database.js';
import { prepared } from '../db/prepared.js';
import type { StockMovementsTable } from '../db/schema.js';
import { shopEvent, stockEvent } from '../events/topics.js';
import { ConflictError } from '../errors.js';

export interface StockChange {
  productId: string;
  productName: string;
  before: number;
  after: number;
  threshold: number;
}

export interface StockMove {
  moves: readonly { productId: string; delta: number }[];
  reason: string;
  orderId: string | null;
  now: number;
}

// Every order runs these; built and compiled once (see db/prepared.ts).
const guardedStockMove = prepared((db, p: { productId: string; delta: number; atLeast: number }) =>
  db
    .updateTable('products')
    .set((eb) => ({ stock: eb('stock', '+', p.delta) }))
    .where('id', '=', p.productId)
    .where('stock', '>=', p.atLeast)
    .returning(['id', 'name', 'stock', 'low_stock_threshold']),
);
const insertMovements = prepared((db, rows: Insertable<StockMovementsTable>[]) => db.insertInto('stock_movements').values(rows));

/**
 * Moves each product's stock by its delta with a guarded UPDATE (never below zero, even
 * under concurrent writers) and records the movements. Throws CONFLICT when one is short.
 */
export async function moveStock(trx: Trx, move: StockMove): Promise<StockChange[]> {
  const changes: StockChange[] = [];
  for (const { productId, delta } of move.moves) {
    const updated = await guardedStockMove.executeTakeFirst(trx, { productId, delta, atLeast: -delta });
    if (!updated) {
      const current = await trx.selectFrom('products').select(['name', 'stock']).where('id', '=', productId).executeTakeFirst();
      throw new ConflictError(`Not enough stock for ${current?.name ?? 'product'}: ${current?.stock ?? 0} left`);
    }
    changes.push({
      productId,
      productName: updated.name,
      before: updated.stock - delta,
      after: updated.stock,
      threshold: updated.low_stock_threshold,
    });
  }
  if (move.moves.length > 0) {
    await insertMovements.run(
      trx,
      move.moves.map((m) => ({ product_id: m.productId, delta: m.delta, reason: move.reason, order_id: move.orderId, created_at: move.now })),
    );
  }
  return changes;
}

/**
 * One inventory_update for the batch, then an alert for each product a decrease left low or empty;
 * and, for storefronts, the same stock levels on the shop's public stock topic (a second audience,
 * so a second row).
 */
export function stockEvents(shopId: string, changes: readonly StockChange[]): NewEvent[] {
  if (changes.length === 0) return [];
  const updates = changes.map((c) => ({ productId: c.productId, productName: c.productName, stock: c.after }));
  const events = [
    shopEvent(shopId, { type: 'inventory_update', updates }),
    stockEvent(shopId, { type: 'stock', updates: changes.map((c) => ({ productId: c.productId, stock: c.after })) }),
  ];
  for (const alert of stockAlerts(changes)) events.push(shopEvent(shopId, alert));
  return events;
}

export type StockAlert = Extract<DashboardEvent, { type: 'low_stock' | 'out_of_stock' }>;

/** A decrease that left a product empty, or at or below its threshold: the dashboard's alerts and the members' notifications. */
export function stockAlerts(changes: readonly StockChange[]): StockAlert[] {
  const alerts: StockAlert[] = [];
  for (const c of changes) {
    if (c.after >= c.before) continue;
    if (c.after === 0) alerts.push({ type: 'out_of_stock', productId: c.productId, productName: c.productName });
    else if (c.after <= c.threshold) alerts.push({ type: 'low_stock', productId: c.productId, productName: c.productName, stock: c.after, threshold: c.threshold });
  }
  return alerts;
}
