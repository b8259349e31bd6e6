import type { DashboardEvent } from '../../shared/events.js';
import type { StockMovement, StockMovementKind } from '../../shared/purchasing.js';
import type { NewEvent } from '../events/types.js';
import type { Insertable } from 'kysely';
import type { Trx } from '../db/database.js';
import { prepared } from '../db/prepared.js';
import type { StockMovementsTable } from '../db/schema.js';
import { shopEvent, stockEvent } from '../events/topics.js';
import { ConflictError } from '../errors.js';
import { lowStockSeverity } from '../../shared/stockLevel.js';

export interface StockChange {
  productId: string;
  productName: string;
  before: number;
  after: number;
  threshold: number;
  /** The ledger row this change wrote; absent for a product's listing without a move (create, edit). */
  movement?: StockMovement;
}

export interface StockMove {
  moves: readonly { productId: string; delta: number }[];
  reason: string;
  kind: StockMovementKind;
  /** The user making the move; null when nobody in particular (a timer). */
  by: string | null;
  /** The name of `by`, when the caller has it already (saves the lookup). */
  byName?: string | null;
  orderId: string | null;
  purchaseOrderId?: string | null;
  transferId?: string | null;
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
// One row at a time: the event of each movement names its id, and a multi-row RETURNING has no defined order.
const insertMovement = prepared((db, row: Insertable<StockMovementsTable>) => db.insertInto('stock_movements').values(row).returning('id'));
const userName = prepared((db, p: { id: string }) => db.selectFrom('users').select('name').where('id', '=', p.id));

/**
 * Moves each product's stock by its delta with a guarded UPDATE (never below zero, even
 * under concurrent writers) and records the movements. Throws CONFLICT when one is short.
 */
export async function moveStock(trx: Trx, move: StockMove): Promise<StockChange[]> {
  const changes: StockChange[] = [];
  const byName = move.byName !== undefined ? move.byName : await nameOf(trx, move.by);
  // Rows are locked in one order (by id) whatever the lines' order, so two orders of the same
  // products never wait on each other crosswise (a deadlock, retried, on PostgreSQL); the changes
  // still come back in the lines' order.
  const byId = [...move.moves].sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
  for (const { productId, delta } of byId) {
    const updated = await guardedStockMove.executeTakeFirst(trx, { productId, delta, atLeast: -delta });
    if (!updated) {
      const current = await trx.selectFrom('products').select(['name', 'stock']).where('id', '=', productId).executeTakeFirst();
      throw new ConflictError(`Not enough stock for ${current?.name ?? 'product'}: ${current?.stock ?? 0} left`, 'not_enough_stock');
    }
    const movement = await recordMovement(trx, { ...move, byName, productId, productName: updated.name, delta, stockAfter: updated.stock });
    changes.push({
      productId,
      productName: updated.name,
      before: updated.stock - delta,
      after: updated.stock,
      threshold: updated.low_stock_threshold,
      movement,
    });
  }
  const line = new Map(move.moves.map((m, i) => [m.productId, i]));
  return changes.sort((a, b) => (line.get(a.productId) ?? 0) - (line.get(b.productId) ?? 0));
}

async function nameOf(trx: Trx, userId: string | null): Promise<string | null> {
  return userId === null ? null : ((await userName.executeTakeFirst(trx, { id: userId }))?.name ?? null);
}

/** Writes one ledger row for stock already moved (or set, as a new product's opening stock). */
export async function recordMovement(
  trx: Trx,
  m: Omit<StockMove, 'moves'> & { byName?: string | null; productId: string; productName: string; delta: number; stockAfter: number },
): Promise<StockMovement> {
  const byName = m.byName !== undefined ? m.byName : await nameOf(trx, m.by);
  const row = await insertMovement.executeTakeFirst(trx, {
    product_id: m.productId,
    delta: m.delta,
    reason: m.reason,
    kind: m.kind,
    stock_after: m.stockAfter,
    by_user_id: m.by,
    order_id: m.orderId,
    purchase_order_id: m.purchaseOrderId ?? null,
    transfer_id: m.transferId ?? null,
    created_at: m.now,
  });
  return {
    id: String(row?.id),
    productId: m.productId,
    productName: m.productName,
    delta: m.delta,
    stockAfter: m.stockAfter,
    reason: m.reason,
    kind: m.kind,
    by: m.by,
    byName,
    orderId: m.orderId,
    purchaseOrderId: m.purchaseOrderId ?? null,
    transferId: m.transferId ?? null,
    at: new Date(m.now),
  };
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
  for (const c of changes) {
    if (c.movement) events.push(shopEvent(shopId, { type: 'stock_movement', movement: c.movement }));
    if (c.before === 0 && c.after > 0) events.push(shopEvent(shopId, { type: 'restocked', productId: c.productId, productName: c.productName, stock: c.after }));
  }
  return events;
}

export type StockAlert = Extract<DashboardEvent, { type: 'low_stock' | 'out_of_stock' }>;

/** A decrease that left a product empty, or at or below its threshold: the dashboard's alerts and the members' notifications. */
export function stockAlerts(changes: readonly StockChange[]): StockAlert[] {
  const alerts: StockAlert[] = [];
  for (const c of changes) {
    if (c.after >= c.before) continue;
    if (c.after === 0) alerts.push({ type: 'out_of_stock', productId: c.productId, productName: c.productName });
    else if (c.after <= c.threshold) {
      alerts.push({ type: 'low_stock', productId: c.productId, productName: c.productName, stock: c.after, threshold: c.threshold, severity: lowStockSeverity(c.after, c.threshold) });
    }
  }
  return alerts;
}
