import type { ShopRole } from '../../shared/domain.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Executor } from '../db/database.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { assertSellerOfShop } from '../shops/access.js';

/**
 * A booking is its buyer's and its shop's members' to see (FORBIDDEN for anyone else, NOT_FOUND
 * when there is none). Answers the caller's shop role, null for the buyer.
 */
export async function assertCanSeeBooking(db: Executor, user: TokenClaims, bookingId: string): Promise<{ shopId: string; buyerId: string; shopRole: ShopRole | null }> {
  const row = await db.selectFrom('bookings').select(['shop_id', 'buyer_id']).where('id', '=', bookingId).executeTakeFirst();
  if (!row) throw new NotFoundError('Booking');
  if (row.buyer_id === user.userId) return { shopId: row.shop_id, buyerId: row.buyer_id, shopRole: null };
  if (user.role !== 'seller') throw new ForbiddenError('This is not your booking');
  const shopRole = await assertSellerOfShop(db, user, row.shop_id);
  return { shopId: row.shop_id, buyerId: row.buyer_id, shopRole };
}
