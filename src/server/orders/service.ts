import type { Order } from '../../shared/domain.js';
import { canMoveOrder, type OrderMover, type OrderStatus } from '../../shared/orderStatus.js';
import type { Address } from '../../shared/payments.js';
import { hasShopRight } from '../../shared/shopRights.js';
import { assertSellerOfShop, assertShopExists, seesMoney } from '../shops/access.js';
import { orderView } from '../shops/moneyViews.js';
import { assertCanSeeOrder } from './access.js';
import type { TokenClaims } from '../auth/tokens.js';
import { moveStock, stockAlerts, stockEvents, type StockChange } from '../catalog/stock.js';
import type { Insertable } from 'kysely';
import type { Executor, Trx } from '../db/database.js';
import { prepared } from '../db/prepared.js';
import type { OrderItemsTable, OrdersTable } from '../db/schema.js';
import { orderNumber } from '../../shared/orderNumber.js';
import type { OrderFilters } from '../../shared/orderFilters.js';
import { ConflictError, DomainError, ForbiddenError, InvalidRequestError, NotFoundError } from '../errors.js';
import { latestEventId } from '../events/eventLog.js';
import { orderStatusEvents, shopEvent } from '../events/topics.js';
import { transact } from '../events/transact.js';
import { loadOrder, pageOrders, parseAddress, type Page } from './queries.js';
import { openRefund, refundableCents } from '../payments/refund.js';
import { ProviderUnavailableError, settle, type PaymentDeps } from '../payments/settle.js';
import { newOrderNotice, orderStatusNotice, stockAlertNotice } from '../notifications/messages.js';
import { notify, notifyShop } from '../notifications/notify.js';

export interface PlaceOrderInput {
  shopId: string;
  items: { productId: string; quantity: number }[];
  idempotencyKey?: string | undefined;
  /** Absent: the buyer's saved address (or none). */
  shippingAddress?: Address | undefined;
}

// The statements of every order, built and compiled once (see db/prepared.ts).
const orderedProducts = prepared((db, p: { shopId: string; ids: string[] }) =>
  db
    .selectFrom('products')
    .select(['id', 'name', 'price_cents', 'cost_cents'])
    .where('shop_id', '=', p.shopId)
    .where('id', 'in', p.ids)
    .where('archived_at', 'is', null),
);
const insertOrder = prepared((db, row: Insertable<OrdersTable>) => db.insertInto('orders').values(row));
const insertOrderItems = prepared((db, rows: Insertable<OrderItemsTable>[]) => db.insertInto('order_items').values(rows));
// The customer of the order; it also names the stock movements, which would otherwise look the name up.
const buyerProfile = prepared((db, p: { id: string }) => db.selectFrom('users').select(['name', 'email', 'shipping_address']).where('id', '=', p.id));

type OrderDeps = PaymentDeps;

export async function placeOrder(deps: OrderDeps, buyerId: string, input: PlaceOrderInput): Promise<Order> {
  try {
    // READ COMMITTED (transact.ts): every guard of an order is in its writes, the stock's guarded
    // UPDATE (re-checked on the row it waited for, never below zero) and the unique idempotency key
    // (the loser gets 23505 and answers the winner's order, below). What it reads first (price,
    // name, the buyer) only has to be as of a moment before, which orders it before the edit that
    // changed them. So orders of one product queue on its row instead of failing and starting over.
    const order = await transact(deps, async (trx, emit) => {
      const existing = await findByIdempotencyKey(trx, buyerId, input.idempotencyKey);
      if (existing) return existing;

      const products = await orderedProducts.execute(trx, { shopId: input.shopId, ids: input.items.map((i) => i.productId) });
      const byId = new Map(products.map((p) => [p.id, p]));

      const now = deps.clock.now();
      const orderId = deps.ids.next();
      const lines = [];
      for (const [index, item] of input.items.entries()) {
        const product = byId.get(item.productId);
        // Only a failing order pays for telling an unknown shop from an unknown product.
        if (!product) throw await notFound(trx, input.shopId, item.productId);
        lines.push({ ...item, line: index + 1, product });
      }
      const totalCents = lines.reduce((sum, l) => sum + l.quantity * l.product.price_cents, 0);
      const profitCents = lines.reduce((sum, l) => sum + l.quantity * (l.product.price_cents - l.product.cost_cents), 0);
      const buyer = await buyerProfile.executeTakeFirst(trx, { id: buyerId });
      if (!buyer) throw new NotFoundError('Buyer');
      const shippingAddress = input.shippingAddress ? JSON.stringify(input.shippingAddress) : buyer.shipping_address;

      await insertOrder.run(trx, {
        id: orderId,
        shop_id: input.shopId,
        buyer_id: buyerId,
        status: 'pending',
        total_cents: totalCents,
        profit_cents: profitCents,
        idempotency_key: input.idempotencyKey ?? null,
        created_at: now.getTime(),
        updated_at: now.getTime(),
        customer_name: buyer.name,
        customer_email: buyer.email,
        shipping_address: shippingAddress,
        tracking_number: null,
        payment_status: 'unpaid',
        paid_cents: 0,
        refunded_cents: 0,
        decline_reason: null,
        pay_by: now.getTime() + deps.payments.unpaidOrderMs,
      });
      await insertOrderItems.run(
        trx,
        lines.map((l) => ({
          order_id: orderId,
          line: l.line,
          product_id: l.productId,
          product_name: l.product.name,
          quantity: l.quantity,
          price_cents: l.product.price_cents,
          cost_cents: l.product.cost_cents,
        })),
      );
      const changes = await moveStock(trx, {
        moves: lines.map((l) => ({ productId: l.productId, delta: -l.quantity })),
        reason: 'order',
        kind: 'order',
        by: buyerId,
        byName: buyer.name,
        orderId,
        now: now.getTime(),
      });

      const order: Order = {
        id: orderId,
        shopId: input.shopId,
        buyerId,
        status: 'pending',
        totalCents,
        profitCents,
        items: lines.map((l) => ({ productId: l.productId, productName: l.product.name, quantity: l.quantity, priceCents: l.product.price_cents })),
        createdAt: now,
        customer: { name: buyer.name, email: buyer.email },
        shippingAddress: parseAddress(shippingAddress),
        trackingNumber: null,
        payment: { status: 'unpaid', paidCents: 0, refundedCents: 0, declineReason: null },
      };
      emit(
        shopEvent(input.shopId, { type: 'new_order', order }),
        ...stockEvents(input.shopId, changes),
        ...orderStatusEvents(buyerId, { orderId, status: 'pending', previousStatus: null, at: now }),
      );
      // The buyer is not notified of their own order (the answer tells them); every member of the shop is.
      const alerts = stockAlerts(changes);
      await notifyShop(trx, emit, deps, input.shopId, (shop) => [newOrderNotice(shop, order), ...alerts.map((a) => stockAlertNotice(shop, input.shopId, a))]);
      return order;
    }, { isolation: 'read committed' });
    // The release timer looks again only if this order falls due before its next look (a comparison, almost always).
    deps.dueWork.poke(order.createdAt.getTime() + deps.payments.unpaidOrderMs);
    return order;
  } catch (error) {
    // Two retries with one key can race past the lookup; the unique index lets only
    // one commit, and the loser answers with the winner's order.
    const winner = await findByIdempotencyKey(deps.db, buyerId, input.idempotencyKey);
    if (winner) return winner;
    throw error;
  }
}

/** An unknown shop is reported as such (assertShopExists throws); an archived product as no longer sold; otherwise the product is unknown. */
async function notFound(db: Executor, shopId: string, productId: string): Promise<DomainError> {
  await assertShopExists(db, shopId);
  const archived = await db.selectFrom('products').select('name').where('id', '=', productId).where('shop_id', '=', shopId).executeTakeFirst();
  if (archived) return new ConflictError(`${archived.name} is no longer sold by this shop; take it out of the order`, 'product_archived');
  return new NotFoundError(`Product ${productId} in this shop`);
}

async function findByIdempotencyKey(db: Executor, buyerId: string, key: string | undefined): Promise<Order | null> {
  if (key === undefined) return null;
  const row = await db
    .selectFrom('orders')
    .select('id')
    .where('buyer_id', '=', buyerId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  return row ? loadOrder(db, row.id) : null;
}

export async function getOrder(db: Executor, user: TokenClaims, orderId: string): Promise<Order> {
  const { shopRole } = await assertCanSeeOrder(db, user, orderId);
  return orderView(await loadOrder(db, orderId), seesMoney(shopRole));
}

export async function listShopOrders(
  db: Executor,
  user: TokenClaims,
  input: Page & OrderFilters & { shopId: string },
): Promise<{ items: Order[]; nextCursor: string | null; eventCursor: string }> {
  return db.transaction().execute(async (trx) => {
    const full = seesMoney(await assertSellerOfShop(trx, user, input.shopId));
    const page = await pageOrders(trx, { shopId: input.shopId, filters: input }, input);
    return { items: page.items.map((order) => orderView(order, full)), nextCursor: page.nextCursor, eventCursor: String(await latestEventId(trx)) };
  });
}

/** A buyer shops in many shops, so each of their orders says which one it is from. */
export async function listBuyerOrders(
  db: Executor,
  buyerId: string,
  page: Page,
): Promise<{ items: (Order & { shopName: string })[]; nextCursor: string | null; eventCursor: string }> {
  return db.transaction().execute(async (trx) => {
    const result = await pageOrders(trx, { buyerId }, page);
    const shopIds = [...new Set(result.items.map((order) => order.shopId))];
    const shops = shopIds.length === 0 ? [] : await trx.selectFrom('shops').select(['id', 'name']).where('id', 'in', shopIds).execute();
    const names = new Map(shops.map((shop) => [shop.id, shop.name]));
    const items = result.items.map((order) => ({ ...order, shopName: names.get(order.shopId) ?? '' }));
    return { items, nextCursor: result.nextCursor, eventCursor: String(await latestEventId(trx)) };
  });
}

export function updateOrderStatus(deps: OrderDeps, user: TokenClaims, input: { orderId: string; status: OrderStatus; trackingNumber?: string | undefined }): Promise<Order> {
  if (input.trackingNumber !== undefined && input.status !== 'shipped') {
    throw new DomainError('BAD_REQUEST', 'A tracking number goes with the move to shipped only', 'tracking_needs_shipped');
  }
  return moveOrder(deps, { ...input, by: user.userId }, async (trx, row) => {
    const role = await assertSellerOfShop(trx, user, row.shop_id);
    if (!canMoveOrder(row.status, input.status)) throw new InvalidRequestError(`An order cannot move from ${row.status} to ${input.status}`);
    return { full: seesMoney(role), mayRefund: hasShopRight(role, 'refund') };
  });
}

/**
 * A move reported by another system (a warehouse, through src/server/ingest): nobody signed in, so
 * no role check, but the same lifecycle, events and buyer's notification as a member's move.
 */
export function updateOrderStatusBySystem(deps: OrderDeps, input: { orderId: string; status: OrderStatus }): Promise<Order> {
  return moveOrder(deps, { ...input, by: null }, (_trx, row) => {
    if (!canMoveOrder(row.status, input.status)) throw new InvalidRequestError(`An order cannot move from ${row.status} to ${input.status}`);
    // As for the shop's own cancel, a paid order's cancellation would refund it.
    return Promise.resolve({ full: true, mayRefund: true });
  });
}

/** A buyer may take back an order the shop has not confirmed yet; after that, it is the shop's call. */
export function cancelOwnOrder(deps: OrderDeps, user: TokenClaims, orderId: string): Promise<Order> {
  return moveOrder(deps, { orderId, status: 'cancelled', by: user.userId }, (_trx, row) => {
    if (row.buyer_id !== user.userId) throw new ForbiddenError('This is not your order');
    if (row.status !== 'pending') throw new ConflictError(`This order is already ${row.status}; only a pending order can be cancelled. Ask the shop.`, 'order_not_cancellable');
    return Promise.resolve({ full: true, mayRefund: true });
  });
}

type OrderRow = { id: string; shop_id: string; buyer_id: string; status: OrderStatus; shop_name: string; paid_cents: number; refunded_cents: number };
/** What the mover may see (money beyond prices) and do (a paid order's cancellation refunds it). */
type Rights = { full: boolean; mayRefund: boolean };

/**
 * One status move for whoever `authorize` lets through: the row, its events, the stock back on a
 * cancel, the buyer's notification when someone else (the shop) moved it, and on the cancel of a
 * paid order its refund, recorded in the same transaction and settled with the provider after it.
 */
async function moveOrder(
  deps: OrderDeps,
  input: { orderId: string; status: OrderStatus; by: string | null; trackingNumber?: string | undefined },
  authorize: (trx: Trx, row: OrderRow) => Promise<Rights>,
): Promise<Order> {
  const moved = await transact(deps, async (trx, emit) => {
    const row = await trx
      .selectFrom('orders')
      .innerJoin('shops', 'shops.id', 'orders.shop_id')
      .select(['orders.id', 'orders.shop_id', 'orders.buyer_id', 'orders.status', 'orders.paid_cents', 'orders.refunded_cents', 'shops.name as shop_name'])
      .where('orders.id', '=', input.orderId)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('Order');
    const rights = await authorize(trx, row);
    const refund = input.status === 'cancelled' ? await refundOnCancel(trx, deps, row, rights, input.by) : null;
    const previousStatus = row.status;
    const now = deps.clock.now();
    // The status guard makes a concurrent move of the same order lose cleanly. Only a pending order waits for its payment.
    const updated = await trx
      .updateTable('orders')
      .set({ status: input.status, updated_at: now.getTime(), pay_by: null, ...(input.trackingNumber !== undefined ? { tracking_number: input.trackingNumber } : {}) })
      .where('id', '=', row.id)
      .where('status', '=', previousStatus)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new InvalidRequestError('The order changed meanwhile; reload it');

    const changes = input.status === 'cancelled' ? await restock(trx, row.id, input.by, now.getTime()) : [];
    const tracking = input.trackingNumber !== undefined ? { trackingNumber: input.trackingNumber } : {};
    emit(
      shopEvent(row.shop_id, { type: 'order_status_changed', orderId: row.id, status: input.status, previousStatus, by: moverOf(row, input.by), ...tracking }),
      ...stockEvents(row.shop_id, changes),
      ...orderStatusEvents(row.buyer_id, { orderId: row.id, status: input.status, previousStatus, at: now, ...tracking }),
    );
    const notice =
      input.by === row.buyer_id
        ? null
        : orderStatusNotice({ buyerId: row.buyer_id, orderId: row.id, shopName: row.shop_name, status: input.status, trackingNumber: input.trackingNumber ?? null });
    if (notice) await notify(trx, emit, deps, notice);
    return { full: rights.full, refund, order: refund ? null : orderView(await loadOrder(trx, row.id), rights.full) };
  });
  if (moved.order) return moved.order;
  if (moved.refund) {
    deps.dueWork.poke(moved.refund.retryAt);
    try {
      await settle(deps, moved.refund.refundId);
    } catch (error) {
      // The cancellation stands; the refund stays pending and the recovery task settles it.
      if (!(error instanceof ProviderUnavailableError)) throw error;
    }
  }
  return orderView(await loadOrder(deps.db, input.orderId), moved.full);
}

/** Who moved it, as the shop may know: the buyer (only ever a cancel), a member of the shop, or no person (another system). */
function moverOf(row: OrderRow, by: string | null): OrderMover {
  if (by === null) return 'system';
  return by === row.buyer_id ? 'buyer' : 'shop';
}

/** Cancelling a paid order refunds what is left of its payment (CONTRACT); never while a charge is still on its way. */
async function refundOnCancel(trx: Trx, deps: OrderDeps, row: OrderRow, rights: Rights, by: string | null) {
  const charging = await trx.selectFrom('payments').select('id').where('order_id', '=', row.id).where('kind', '=', 'charge').where('status', '=', 'pending').executeTakeFirst();
  if (charging) throw new ConflictError(`A payment of order ${orderNumber(row.id)} is being processed: cancel it once its outcome is in`, 'payment_in_progress');
  const refundable = row.paid_cents === 0 ? 0 : await refundableCents(trx, row);
  if (refundable <= 0) return null;
  if (!rights.mayRefund) throw new ForbiddenError("This order is paid: only the shop's owners and managers can cancel it, since cancelling refunds the buyer");
  return openRefund(trx, deps, { orderId: row.id, amountCents: refundable, reason: 'order cancelled', by });
}

export async function restock(trx: Trx, orderId: string, by: string | null, now: number): Promise<StockChange[]> {
  const lines = await trx.selectFrom('order_items').select(['product_id', 'quantity']).where('order_id', '=', orderId).orderBy('line').execute();
  return moveStock(trx, { moves: lines.map((l) => ({ productId: l.product_id, delta: l.quantity })), reason: 'order cancelled', kind: 'cancel', by, orderId, now });
}
