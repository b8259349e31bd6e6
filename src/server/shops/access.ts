import type { TokenClaims } from '../auth/tokens.js';
import type { Executor } from '../db/database.js';
import { ForbiddenError, NotFoundError } from '../errors.js';

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
