import { trpc } from '../../../app/trpc.js';
import { useCurrentUser } from '../../../app/useCurrentUser.js';

/** The shops this seller runs, with names (auth.me has the ids, shop.list the names). */
export function useSellerShops() {
  const { user } = useCurrentUser();
  const shops = trpc.shop.list.useQuery();
  const mine = user && shops.data ? shops.data.filter((shop) => user.shopIds.includes(shop.id)) : undefined;
  return { shops: mine, query: shops };
}

export function useCreateShop() {
  const utils = trpc.useUtils();
  return trpc.shop.create.useMutation({
    // auth.me carries shopIds, so it must be read again for the new shop to be "mine".
    onSuccess: () => Promise.all([utils.auth.me.invalidate(), utils.shop.list.invalidate()]),
  });
}
