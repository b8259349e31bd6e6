import type { PurchaseOrder, PurchaseOrderStatus, Supplier } from '../../shared/purchasing.js';
import type { Executor } from '../db/database.js';
import type { PurchaseOrdersTable, SuppliersTable } from '../db/schema.js';
import { NotFoundError } from '../errors.js';

export function toSupplier(row: SuppliersTable): Supplier {
  return { id: row.id, shopId: row.shop_id, name: row.name, email: row.email, createdAt: new Date(Number(row.created_at)) };
}

/** Purchase orders with their supplier's name and their lines (full view: callers apply purchaseOrderView). */
export async function loadPurchaseOrders(db: Executor, rows: readonly PurchaseOrdersTable[]): Promise<PurchaseOrder[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const lines = await db
    .selectFrom('purchase_order_lines as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .select(['l.purchase_order_id', 'l.product_id', 'p.name as product_name', 'l.quantity', 'l.received_quantity', 'l.unit_cost_cents'])
    .where('l.purchase_order_id', 'in', ids)
    .orderBy('l.purchase_order_id')
    .orderBy('l.line')
    .execute();
  const suppliers = await db
    .selectFrom('suppliers')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(rows.map((r) => r.supplier_id))])
    .execute();
  const supplierName = new Map(suppliers.map((s) => [s.id, s.name]));
  return rows.map((row) => {
    const own = lines
      .filter((l) => l.purchase_order_id === row.id)
      .map((l) => ({ productId: l.product_id, productName: l.product_name, quantity: l.quantity, receivedQuantity: l.received_quantity, unitCostCents: l.unit_cost_cents }));
    return {
      id: row.id,
      shopId: row.shop_id,
      supplierId: row.supplier_id,
      supplierName: supplierName.get(row.supplier_id) ?? '',
      status: row.status,
      lines: own,
      totalCostCents: own.reduce((sum, l) => sum + l.quantity * l.unitCostCents, 0),
      createdBy: row.created_by,
      createdAt: new Date(Number(row.created_at)),
      updatedAt: new Date(Number(row.updated_at)),
    };
  });
}

export async function loadPurchaseOrder(db: Executor, id: string): Promise<PurchaseOrder> {
  const row = await db.selectFrom('purchase_orders').selectAll().where('id', '=', id).executeTakeFirst();
  const [order] = row ? await loadPurchaseOrders(db, [row]) : [];
  if (!order) throw new NotFoundError('Purchase order');
  return order;
}

export async function shopPurchaseOrders(db: Executor, shopId: string, status: PurchaseOrderStatus | undefined): Promise<PurchaseOrder[]> {
  let query = db.selectFrom('purchase_orders').selectAll().where('shop_id', '=', shopId);
  if (status !== undefined) query = query.where('status', '=', status);
  return loadPurchaseOrders(db, await query.orderBy('created_at', 'desc').orderBy('id', 'desc').execute());
}
