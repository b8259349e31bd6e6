import type { ShopRole } from '../../shared/domain.js';
import { hasShopRight, type ShopRight } from '../../shared/shopRights.js';
import { useCurrentUser } from './useCurrentUser.js';

/**
 * The signed-in seller's role in one shop (undefined while loading or when not a member), and
 * what it allows. Screens hide what the role may not do; the server refuses it regardless.
 */
export function useShopRole(shopId: string): { role: ShopRole | undefined; can: (right: ShopRight) => boolean } {
  const { user } = useCurrentUser();
  const role = user?.shops.find((shop) => shop.id === shopId)?.role;
  return { role, can: (right) => hasShopRight(role, right) };
}
