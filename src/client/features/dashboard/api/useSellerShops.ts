import { trpc } from '../../../app/trpc.js';
import { useCurrentUser } from '../../../app/useCurrentUser.js';

/** The shops this seller works in, with names, from auth.me (shop.list has only the shops open to buyers). */
export function useSellerShops() {
  const { user, query } = useCurrentUser();
  return { shops: user?.shops, query };
}

export function useCreateShop() {
  const utils = trpc.useUtils();
  return trpc.shop.create.useMutation({
    // auth.me carries shopIds, so it must be read again for the new shop to be "mine".
    onSuccess: () => Promise.all([utils.auth.me.invalidate(), utils.shop.list.invalidate()]),
  });
}
