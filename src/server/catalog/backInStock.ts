import type { DashboardEvent } from '../../shared/events.js';
import { TOPICS } from '../../shared/events.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Trx } from '../db/database.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { Emit, Reaction, TransactDeps } from '../events/transact.js';
import { transact } from '../events/transact.js';
import { backInStockNotice } from '../notifications/messages.js';
import { notify, type NotifyDeps } from '../notifications/notify.js';

type Restocked = Extract<DashboardEvent, { type: 'restocked' }>;

/**
 * "Notify me" on a sold-out product: one `back_in_stock` notification at its next restock. Asking
 * again before then changes nothing; a product in stock is refused (order it instead), and an
 * archived one is not found, as buyers never see it.
 */
export async function subscribeToRestock(deps: TransactDeps, user: TokenClaims, productId: string): Promise<{ ok: true }> {
  return transact(deps, async (trx) => {
    const product = await trx.selectFrom('products').select(['id', 'name', 'stock', 'archived_at']).where('id', '=', productId).executeTakeFirst();
    if (!product || product.archived_at !== null) throw new NotFoundError('Product');
    if (product.stock > 0) throw new ConflictError(`${product.name} is in stock (${product.stock} left): order it now`, 'in_stock');
    await trx
      .insertInto('restock_subscriptions')
      .values({ product_id: product.id, user_id: user.userId, created_at: deps.clock.now().getTime() })
      .onConflict((oc) => oc.columns(['product_id', 'user_id']).doNothing())
      .execute();
    return { ok: true as const };
  });
}

/**
 * Every `restocked` shop event, whatever moved the stock (an adjustment, a cancelled order, a
 * purchase or transfer received), tells the buyers waiting for that product, in the same
 * transaction; their subscriptions end with it.
 */
export function backInStockReaction(deps: NotifyDeps): Reaction {
  return (trx, events, emit) => {
    let productIds: string[] | null = null;
    for (const event of events) {
      if (event.type === 'restocked' && event.topic.startsWith(TOPICS.shop.prefix)) (productIds ??= []).push((event.payload as Restocked).productId);
    }
    return productIds ? notifyBackInStock(trx, emit, deps, productIds) : undefined;
  };
}

/** Tells the subscribers of these products, if they are sold (not archived) and in stock, and ends their subscriptions. */
export async function notifyBackInStock(trx: Trx, emit: Emit, deps: NotifyDeps, productIds: readonly string[]): Promise<void> {
  const rows = await trx
    .selectFrom('restock_subscriptions as s')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .innerJoin('shops', 'shops.id', 'p.shop_id')
    .select(['s.user_id', 'p.id as product_id', 'p.name as product_name', 'p.stock', 'p.shop_id', 'shops.name as shop_name'])
    .where('s.product_id', 'in', productIds)
    .where('p.archived_at', 'is', null)
    .where('p.stock', '>', 0)
    .execute();
  if (rows.length === 0) return;
  const notified = [...new Set(rows.map((r) => r.product_id))];
  await trx.deleteFrom('restock_subscriptions').where('product_id', 'in', notified).execute();
  await notify(
    trx,
    emit,
    deps,
    rows.map((r) => backInStockNotice({ buyerId: r.user_id, shopId: r.shop_id, shopName: r.shop_name, productName: r.product_name, stock: r.stock })),
  );
}
