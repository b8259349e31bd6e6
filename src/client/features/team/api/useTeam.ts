import { trpc } from '../../../app/trpc.js';
import { notifyError } from '../../../utils/notifyError.js';

// Until presence streams the team's comings and goings, the online dots are read again now and then.
const ONLINE_REFRESH_MS = 15_000;

export function useTeam(shopId: string) {
  return trpc.team.list.useQuery({ shopId }, { refetchInterval: ONLINE_REFRESH_MS });
}

/** After any change the list is read again, and auth.me too: the caller may have changed their own role. */
function useInvalidateTeam(shopId: string) {
  const utils = trpc.useUtils();
  return () => Promise.all([utils.team.list.invalidate({ shopId }), utils.auth.me.invalidate()]);
}

export function useAddMember(shopId: string) {
  const invalidate = useInvalidateTeam(shopId);
  return trpc.team.add.useMutation({ onSuccess: invalidate });
}

export function useSetRole(shopId: string) {
  const invalidate = useInvalidateTeam(shopId);
  return trpc.team.setRole.useMutation({ onSuccess: invalidate, onError: notifyError });
}

export function useRemoveMember(shopId: string) {
  const invalidate = useInvalidateTeam(shopId);
  return trpc.team.remove.useMutation({ onSuccess: invalidate });
}

export function useRenameShop() {
  const utils = trpc.useUtils();
  // Shop names live in auth.me (the switcher) and shop.list (the storefront).
  return trpc.shop.update.useMutation({ onSuccess: () => Promise.all([utils.auth.me.invalidate(), utils.shop.list.invalidate()]) });
}
