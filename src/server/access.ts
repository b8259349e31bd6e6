import type { TokenClaims } from './auth/tokens.js';
import type { Executor } from './db/database.js';
import { ForbiddenError, NotFoundError } from './errors.js';

export async function assertShopExists(db: Executor, shopId: string): Promise<void> {
  const shop = await db.selectFrom('shops').select('id').where('id', '=', shopId).executeTakeFirst();
  if (!shop) throw new NotFoundError('Shop');
}

/** Shared by queries, mutations and stream edges, so replay is checked exactly like live reads. */
export async function assertSellerOfShop(db: Executor, user: TokenClaims, shopId: string): Promise<void> {
  await assertShopExists(db, shopId);
  const membership = await db
    .selectFrom('shop_sellers')
    .select('shop_id')
    .where('shop_id', '=', shopId)
    .where('user_id', '=', user.userId)
    .executeTakeFirst();
  if (!membership || user.role !== 'seller') throw new ForbiddenError('You are not a seller of this shop');
}

export interface OrderOwnership {
  id: string;
  shopId: string;
  buyerId: string;
}

export async function assertCanSeeOrder(db: Executor, user: TokenClaims, orderId: string): Promise<OrderOwnership> {
  const order = await db
    .selectFrom('orders')
    .select(['id', 'shop_id', 'buyer_id'])
    .where('id', '=', orderId)
    .executeTakeFirst();
  if (!order) throw new NotFoundError('Order');
  if (order.buyer_id !== user.userId) await assertSellerOfShop(db, user, order.shop_id);
  return { id: order.id, shopId: order.shop_id, buyerId: order.buyer_id };
}
