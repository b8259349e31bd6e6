import type { ShopRole } from '../../shared/domain.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Executor } from '../db/database.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { hasShopRight, type ShopRight } from '../../shared/shopRights.js';

/** What a member lacking each right is told. */
const REFUSALS: Record<ShopRight, string> = {
  operate: 'You are not a member of this shop',
  seeMoney: "Only the shop's owners and managers can see its costs and profit",
  manageCatalog: "Only the shop's owners and managers can create or edit products",
  refund: "Only the shop's owners and managers can refund",
  manageShop: "Only the shop's owners can manage its team or rename it",
};

/**
 * Whether a caller with this role in a shop gets its costs and profit. Only members without the
 * right (staff) are refused them: CONTRACT fixes `Product.costCents` and `Order.profitCents` as
 * numbers for everyone else (a buyer's own `order.place` answer, the public `product.list`).
 */
export function seesMoney(role: ShopRole | null): boolean {
  return role === null || hasShopRight(role, 'seeMoney');
}

export async function assertShopExists(db: Executor, shopId: string): Promise<void> {
  const shop = await db.selectFrom('shops').select('id').where('id', '=', shopId).executeTakeFirst();
  if (!shop) throw new NotFoundError('Shop');
}

/** The caller's role in the shop; null for buyers, sellers of other shops and the signed out. */
export async function shopRoleOf(db: Executor, user: TokenClaims | null, shopId: string): Promise<ShopRole | null> {
  if (!user || user.role !== 'seller') return null;
  const membership = await db
    .selectFrom('shop_sellers')
    .select('role')
    .where('shop_id', '=', shopId)
    .where('user_id', '=', user.userId)
    .executeTakeFirst();
  return membership?.role ?? null;
}

/**
 * The one check of every shop procedure and stream edge: the shop exists (NOT_FOUND), the caller
 * is a member whose role has `right` (src/shared/shopRights.ts; FORBIDDEN, in words otherwise: `refusal` says
 * what the caller tried, when the right's default sentence would not). Answers the role, for the views.
 * Shared by queries, mutations and stream edges, so replay is checked exactly like live reads.
 */
export async function assertShopRole(db: Executor, user: TokenClaims, shopId: string, right: ShopRight, refusal: string = REFUSALS[right]): Promise<ShopRole> {
  await assertShopExists(db, shopId);
  const role = await shopRoleOf(db, user, shopId);
  if (role === null) throw new ForbiddenError(REFUSALS.operate);
  if (!hasShopRight(role, right)) throw new ForbiddenError(refusal);
  return role;
}

/** Any member of the shop, whatever their role. */
export function assertSellerOfShop(db: Executor, user: TokenClaims, shopId: string): Promise<ShopRole> {
  return assertShopRole(db, user, shopId, 'operate');
}
