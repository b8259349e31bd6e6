import { useCallback, useSyncExternalStore } from 'react';
import { useClientRuntime } from './ClientRuntime.js';
import { endSessionOnUnauthorized } from './createQueryClient.js';

export function useToken(): string | null {
  const { tokens } = useClientRuntime();
  return useSyncExternalStore(tokens.subscribe, tokens.getToken);
}

/** For stream errors, which do not pass through the query cache's onError. */
export function useEndSessionOnUnauthorized(): (error: unknown) => void {
  const { tokens } = useClientRuntime();
  return useCallback((error: unknown) => endSessionOnUnauthorized(error, tokens), [tokens]);
}
