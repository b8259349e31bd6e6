import { PURCHASE_ORDER_MOVES, type PurchaseOrder, type PurchaseOrderStatus } from '../../shared/purchasing.js';
import type { TokenClaims } from '../auth/tokens.js';
import { stockEvents } from '../catalog/stock.js';
import { moveStock } from '../catalog/stock.js';
import type { Executor, Trx } from '../db/database.js';
import type { PurchaseOrdersTable } from '../db/schema.js';
import { ConflictError, InvalidRequestError, NotFoundError } from '../errors.js';
import { shopEvent } from '../events/topics.js';
import { transact, type TransactDeps } from '../events/transact.js';
import type { IdSource } from '../ids.js';
import { assertShopRole, seesMoney } from '../shops/access.js';
import { purchaseOrderView } from '../shops/moneyViews.js';
import { notifyReceipt } from './notices.js';
import { loadPurchaseOrder, shopPurchaseOrders } from './queries.js';

export interface OrderLine {
  productId: string;
  quantity: number;
  unitCostCents: number;
}

type Deps = TransactDeps & { ids: IdSource };

const MANAGE = "Only the shop's owners and managers can create or change purchase orders";

export async function createPurchaseOrder(deps: Deps, user: TokenClaims, input: { shopId: string; supplierId: string; lines: OrderLine[] }): Promise<PurchaseOrder> {
  return transact(deps, async (trx, emit) => {
    await assertShopRole(trx, user, input.shopId, 'manageCatalog', MANAGE);
    const supplier = await trx.selectFrom('suppliers').select('id').where('id', '=', input.supplierId).where('shop_id', '=', input.shopId).executeTakeFirst();
    if (!supplier) throw new NotFoundError('Supplier in this shop');
    await assertLines(trx, input.shopId, input.lines);
    const now = deps.clock.now().getTime();
    const id = deps.ids.next();
    await trx
      .insertInto('purchase_orders')
      .values({ id, shop_id: input.shopId, supplier_id: input.supplierId, status: 'draft', created_by: user.userId, created_at: now, updated_at: now })
      .execute();
    await insertLines(trx, id, input.lines);
    const order = await loadPurchaseOrder(trx, id);
    emit(shopEvent(input.shopId, { type: 'purchase_order_created', purchaseOrder: order }));
    return order;
  });
}

/** Replaces the lines of a draft; once ordered, the supplier has been told, so the order stays as sent. */
export async function updatePurchaseOrder(deps: Deps, user: TokenClaims, input: { purchaseOrderId: string; lines: OrderLine[] }): Promise<PurchaseOrder> {
  return transact(deps, async (trx, emit) => {
    const row = await purchaseOrderRow(trx, input.purchaseOrderId);
    await assertShopRole(trx, user, row.shop_id, 'manageCatalog', MANAGE);
    if (row.status !== 'draft') throw new ConflictError(`This purchase order is ${row.status}; only a draft can be edited`, 'purchase_order_not_draft');
    await assertLines(trx, row.shop_id, input.lines);
    await trx.deleteFrom('purchase_order_lines').where('purchase_order_id', '=', row.id).execute();
    await insertLines(trx, row.id, input.lines);
    await guardedStatus(trx, row, row.status, deps.clock.now().getTime());
    const order = await loadPurchaseOrder(trx, row.id);
    emit(shopEvent(row.shop_id, { type: 'purchase_order_updated', purchaseOrder: order }));
    return order;
  });
}

export async function setPurchaseOrderStatus(deps: Deps, user: TokenClaims, input: { purchaseOrderId: string; status: 'ordered' | 'cancelled' }): Promise<PurchaseOrder> {
  return transact(deps, async (trx, emit) => {
    const row = await purchaseOrderRow(trx, input.purchaseOrderId);
    await assertShopRole(trx, user, row.shop_id, 'manageCatalog', MANAGE);
    if (!PURCHASE_ORDER_MOVES[row.status].includes(input.status)) {
      throw new InvalidRequestError(`A purchase order cannot move from ${row.status} to ${input.status}`);
    }
    await guardedStatus(trx, row, input.status, deps.clock.now().getTime());
    emit(shopEvent(row.shop_id, { type: 'purchase_order_status_changed', purchaseOrderId: row.id, status: input.status, previousStatus: row.status }));
    return loadPurchaseOrder(trx, row.id);
  });
}

/**
 * Goods arrived: each line's received count and the products' stock go up together, with a
 * ledger row per line, in one transaction. Any member may receive (the person at the door).
 */
export async function receivePurchaseOrder(
  deps: Deps,
  user: TokenClaims,
  input: { purchaseOrderId: string; lines: { productId: string; quantity: number }[] },
): Promise<PurchaseOrder> {
  return transact(deps, async (trx, emit) => {
    const row = await purchaseOrderRow(trx, input.purchaseOrderId);
    const role = await assertShopRole(trx, user, row.shop_id, 'operate');
    if (row.status !== 'ordered' && row.status !== 'partially_received') {
      throw new ConflictError(
        row.status === 'draft' ? 'This purchase order is still a draft: mark it ordered before receiving goods' : `This purchase order is ${row.status}; nothing more can be received`,
        'purchase_order_not_receivable',
      );
    }
    assertNoRepeats(input.lines.map((l) => l.productId));
    const current = await loadPurchaseOrder(trx, row.id);
    const byProduct = new Map(current.lines.map((l) => [l.productId, l]));
    for (const line of input.lines) {
      const ordered = byProduct.get(line.productId);
      if (!ordered) throw new InvalidRequestError(`Product ${line.productId} is not on this purchase order`);
      const outstanding = ordered.quantity - ordered.receivedQuantity;
      if (line.quantity > outstanding) {
        throw new InvalidRequestError(`Only ${outstanding} of ${ordered.productName} are still to come on this purchase order (ordered ${ordered.quantity}), not ${line.quantity}`);
      }
    }
    for (const line of input.lines) {
      await trx
        .updateTable('purchase_order_lines')
        .set((eb) => ({ received_quantity: eb('received_quantity', '+', line.quantity) }))
        .where('purchase_order_id', '=', row.id)
        .where('product_id', '=', line.productId)
        .execute();
    }
    const now = deps.clock.now().getTime();
    const changes = await moveStock(trx, {
      moves: input.lines.map((l) => ({ productId: l.productId, delta: l.quantity })),
      reason: `received on purchase order from ${current.supplierName}`,
      kind: 'purchase',
      by: user.userId,
      orderId: null,
      purchaseOrderId: row.id,
      now,
    });
    const complete = current.lines.every((l) => l.receivedQuantity + (input.lines.find((r) => r.productId === l.productId)?.quantity ?? 0) === l.quantity);
    const status: PurchaseOrderStatus = complete ? 'received' : 'partially_received';
    await guardedStatus(trx, row, status, now);
    const order = await loadPurchaseOrder(trx, row.id);
    emit(...stockEvents(row.shop_id, changes));
    if (status !== row.status) emit(shopEvent(row.shop_id, { type: 'purchase_order_status_changed', purchaseOrderId: row.id, status, previousStatus: row.status }));
    const received = input.lines.map((l) => ({ productId: l.productId, quantity: l.quantity }));
    emit(shopEvent(row.shop_id, { type: 'purchase_order_received', purchaseOrder: order, received }));
    await notifyReceipt(trx, emit, deps, { order, received, receivedBy: user.userId });
    return purchaseOrderView(order, seesMoney(role));
  });
}

/** One purchase order, as the caller's role sees it (staff: no unit costs). */
export async function getPurchaseOrder(db: Executor, user: TokenClaims, purchaseOrderId: string): Promise<PurchaseOrder> {
  const order = await loadPurchaseOrder(db, purchaseOrderId);
  const role = await assertShopRole(db, user, order.shopId, 'operate');
  return purchaseOrderView(order, seesMoney(role));
}

export async function listPurchaseOrders(db: Executor, user: TokenClaims, input: { shopId: string; status?: PurchaseOrderStatus | undefined }): Promise<PurchaseOrder[]> {
  const role = await assertShopRole(db, user, input.shopId, 'operate');
  const orders = await shopPurchaseOrders(db, input.shopId, input.status);
  return orders.map((o) => purchaseOrderView(o, seesMoney(role)));
}

async function purchaseOrderRow(trx: Trx, id: string): Promise<PurchaseOrdersTable> {
  const row = await trx.selectFrom('purchase_orders').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('Purchase order');
  return row;
}

/** The status guard makes a concurrent change of the same purchase order lose cleanly. */
async function guardedStatus(trx: Trx, row: PurchaseOrdersTable, status: PurchaseOrderStatus, now: number): Promise<void> {
  const updated = await trx
    .updateTable('purchase_orders')
    .set({ status, updated_at: now })
    .where('id', '=', row.id)
    .where('status', '=', row.status)
    .where('updated_at', '=', row.updated_at)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new ConflictError('The purchase order changed meanwhile; reload it', 'purchase_order_changed');
}

function assertNoRepeats(productIds: readonly string[]): void {
  if (new Set(productIds).size !== productIds.length) throw new InvalidRequestError('Each product may appear on only one line');
}

async function assertLines(trx: Trx, shopId: string, lines: readonly OrderLine[]): Promise<void> {
  assertNoRepeats(lines.map((l) => l.productId));
  const ids = lines.map((l) => l.productId);
  const found = await trx.selectFrom('products').select('id').where('shop_id', '=', shopId).where('id', 'in', ids).execute();
  const known = new Set(found.map((p) => p.id));
  const missing = ids.find((id) => !known.has(id));
  if (missing !== undefined) throw new NotFoundError(`Product ${missing} in this shop`);
}

async function insertLines(trx: Trx, purchaseOrderId: string, lines: readonly OrderLine[]): Promise<void> {
  await trx
    .insertInto('purchase_order_lines')
    .values(
      lines.map((l, index) => ({
        purchase_order_id: purchaseOrderId,
        line: index + 1,
        product_id: l.productId,
        quantity: l.quantity,
        unit_cost_cents: l.unitCostCents,
        received_quantity: 0,
      })),
    )
    .execute();
}
