import type { Order } from '../../shared/domain.js';
import type { Address, OrderPayment } from '../../shared/payments.js';
import type { Executor } from '../db/database.js';
import type { OrdersTable } from '../db/schema.js';
import { NotFoundError } from '../errors.js';
import type { OrderFilters } from '../../shared/orderFilters.js';
import { orderFilterCondition } from './filters.js';

/** Loads orders with their lines in two queries, keeping the input order. */
export async function loadOrders(db: Executor, rows: readonly OrdersTable[]): Promise<Order[]> {
  if (rows.length === 0) return [];
  const items = await db
    .selectFrom('order_items')
    .select(['order_id', 'product_id', 'product_name', 'quantity', 'price_cents'])
    .where(
      'order_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('order_id')
    .orderBy('line')
    .execute();
  const byOrder = new Map<string, Order['items']>();
  for (const item of items) {
    const list = byOrder.get(item.order_id) ?? [];
    list.push({ productId: item.product_id, productName: item.product_name, quantity: item.quantity, priceCents: item.price_cents });
    byOrder.set(item.order_id, list);
  }
  return rows.map((row) => ({
    id: row.id,
    shopId: row.shop_id,
    buyerId: row.buyer_id,
    status: row.status,
    totalCents: row.total_cents,
    profitCents: row.profit_cents,
    items: byOrder.get(row.id) ?? [],
    createdAt: new Date(Number(row.created_at)),
    customer: { name: row.customer_name, email: row.customer_email },
    shippingAddress: parseAddress(row.shipping_address),
    trackingNumber: row.tracking_number,
    payment: paymentOf(row),
  }));
}

export function paymentOf(row: Pick<OrdersTable, 'payment_status' | 'paid_cents' | 'refunded_cents' | 'decline_reason'>): OrderPayment {
  return { status: row.payment_status, paidCents: row.paid_cents, refundedCents: row.refunded_cents, declineReason: row.decline_reason };
}

/** Addresses are stored as the JSON of an already validated `Address`. */
export function parseAddress(text: string | null): Address | null {
  return text === null ? null : (JSON.parse(text) as Address);
}

export async function loadOrder(db: Executor, orderId: string): Promise<Order> {
  const row = await db.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirst();
  if (!row) throw new NotFoundError('Order');
  const [order] = await loadOrders(db, [row]);
  if (!order) throw new NotFoundError('Order');
  return order;
}

export interface Page {
  cursor?: string | null | undefined;
  limit: number;
}

/** Opaque keyset cursor: newest first, stable under concurrent inserts. */
export function encodeCursor(row: Pick<OrdersTable, 'created_at' | 'id'>): string {
  return Buffer.from(`${Number(row.created_at)}:${row.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: number; id: string } | null {
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString().split(':');
  if (!createdAt || !id || !/^\d+$/.test(createdAt)) return null;
  return { createdAt: Number(createdAt), id };
}

/** One page of a shop's or a buyer's orders as rows, newest first, with the cursor of the next page (null: this was the last). */
export async function pageOrderRows(
  db: Executor,
  where: { shopId?: string; buyerId?: string; filters?: OrderFilters },
  page: Page,
): Promise<{ rows: OrdersTable[]; nextCursor: string | null }> {
  let query = db.selectFrom('orders').selectAll();
  if (where.shopId !== undefined) query = query.where('shop_id', '=', where.shopId);
  if (where.buyerId !== undefined) query = query.where('buyer_id', '=', where.buyerId);
  const { filters } = where;
  if (filters) query = query.where((eb) => orderFilterCondition(eb, filters));
  // The cursor is a position in "newest first", not a row of some result: it pages correctly
  // under any filters, and an order that stops matching between pages cannot shift the rest.
  if (page.cursor) {
    const after = decodeCursor(page.cursor);
    if (after) {
      query = query.where((eb) =>
        eb.or([eb('created_at', '<', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)])]),
      );
    }
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const pageRows = rows.slice(0, page.limit);
  const last = pageRows.at(-1);
  return { rows: pageRows, nextCursor: rows.length > page.limit && last ? encodeCursor(last) : null };
}

export async function pageOrders(
  db: Executor,
  where: { shopId?: string; buyerId?: string; filters?: OrderFilters },
  page: Page,
): Promise<{ items: Order[]; nextCursor: string | null }> {
  const { rows, nextCursor } = await pageOrderRows(db, where, page);
  return { items: await loadOrders(db, rows), nextCursor };
}
