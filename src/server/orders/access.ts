import type { ShopRole } from '../../shared/domain.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Executor } from '../db/database.js';
import { NotFoundError } from '../errors.js';
import { assertSellerOfShop } from '../shops/access.js';

export interface OrderOwnership {
  id: string;
  shopId: string;
  buyerId: string;
  /** The caller's role in the order's shop; null for the order's buyer. */
  shopRole: ShopRole | null;
}

export async function assertCanSeeOrder(db: Executor, user: TokenClaims, orderId: string): Promise<OrderOwnership> {
  const order = await db
    .selectFrom('orders')
    .select(['id', 'shop_id', 'buyer_id'])
    .where('id', '=', orderId)
    .executeTakeFirst();
  if (!order) throw new NotFoundError('Order');
  const shopRole = order.buyer_id === user.userId ? null : await assertSellerOfShop(db, user, order.shop_id);
  return { id: order.id, shopId: order.shop_id, buyerId: order.buyer_id, shopRole };
}
