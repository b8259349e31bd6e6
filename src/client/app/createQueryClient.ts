import { notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { errorCode } from '../utils/describeError.js';
import type { TokenStore } from './tokenStore.js';

/** A rejected token means the session is over, wherever that shows up first. */
export function endSessionOnUnauthorized(error: unknown, tokens: TokenStore): void {
  if (errorCode(error) === 'UNAUTHORIZED') endSession(tokens);
}

/** Signs this browser out (once) and says why. */
export function endSession(tokens: TokenStore): void {
  if (!tokens.getToken()) return;
  tokens.setToken(null);
  notifications.show({ color: 'yellow', title: 'Signed out', message: 'Your session has ended. Please sign in again.' });
}

export function createQueryClient(tokens: TokenStore): QueryClient {
  const onError = (error: unknown) => endSessionOnUnauthorized(error, tokens);
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        // A client mistake will not fix itself by asking again; a dropped connection may.
        retry: (failures, error) => failures < 3 && !['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_REQUEST'].includes(errorCode(error) ?? ''),
      },
    },
  });
}
