import { trpc } from '../../../app/trpc.js';

/**
 * product.list is public but the live stream is for sellers only, so the storefront
 * polls: often enough that a sold-out product stops being orderable within seconds.
 */
export const STOCK_POLL_MS = 3_000;

export function useShops() {
  return trpc.shop.list.useQuery();
}

export function useShopProducts(shopId: string) {
  return trpc.product.list.useQuery({ shopId }, { refetchInterval: STOCK_POLL_MS });
}
