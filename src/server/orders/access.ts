import type { TokenClaims } from '../auth/tokens.js';
import type { Executor } from '../db/database.js';
import { NotFoundError } from '../errors.js';
import { assertSellerOfShop } from '../shops/access.js';

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
