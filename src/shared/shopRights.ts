import type { ShopRole } from './domain.js';

/**
 * CONTRACT "Roles" as one table, for the server's checks and the dashboard's hiding alike:
 * each right and the shop roles that have it.
 */
export const SHOP_RIGHTS = {
  /** See orders, move their status, see inventory, adjust stock. */
  operate: ['owner', 'manager', 'staff'],
  /** See money beyond prices: cost, profit, payments, refunds. Everyone else gets those fields as null. */
  seeMoney: ['owner', 'manager'],
  /** Create and edit products (and purchase orders, suppliers, transfers, services, refunds). */
  manageCatalog: ['owner', 'manager'],
  /** Give a buyer money back (order.refund, or cancelling a paid order). */
  refund: ['owner', 'manager'],
  /** Add, change and remove members; rename the shop. */
  manageShop: ['owner'],
} as const satisfies Record<string, readonly ShopRole[]>;

export type ShopRight = keyof typeof SHOP_RIGHTS;

export function hasShopRight(role: ShopRole | null | undefined, right: ShopRight): boolean {
  return role !== null && role !== undefined && (SHOP_RIGHTS[right] as readonly ShopRole[]).includes(role);
}
