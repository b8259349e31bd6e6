import { trpc } from '../../../app/trpc.js';

/** Saves name and address; the answer is the user as auth.me has it, so the cache takes it as is. */
export function useUpdateAccount() {
  const utils = trpc.useUtils();
  return trpc.account.update.useMutation({ onSuccess: (user) => utils.auth.me.setData(undefined, user) });
}
