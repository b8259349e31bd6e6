import { trpc } from './trpc.js';
import { useToken } from './sessionHooks.js';

/** The signed-in person (role and shops), or undefined while signed out or loading. */
export function useCurrentUser() {
  const token = useToken();
  const me = trpc.auth.me.useQuery(undefined, { enabled: token !== null, staleTime: 60_000 });
  return { token, user: token ? me.data : undefined, query: me };
}
