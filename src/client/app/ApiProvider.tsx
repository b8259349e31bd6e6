import { QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { createShopwireLinks } from '../sdk/createShopwireClient.js';
import { reportSocketState, resetSocketState } from './connectionStore.js';
import { createQueryClient } from './createQueryClient.js';
import { getToken } from './tokenStore.js';
import { trpc } from './trpc.js';

function createApi() {
  let current = true;
  resetSocketState();
  const links = createShopwireLinks({
    url: window.location.origin,
    token: getToken,
    // Everything rides the one socket (sign-in excepted, see the SDK): an order costs the server about
    // half the CPU it does over HTTP (npm run bench, scenario a). Calls made while it reconnects wait for it.
    // A closed client's last "offline" must not overwrite its successor's state.
    onConnectionState: (state) => current && reportSocketState(state),
  });
  return {
    client: trpc.createClient({ links: links.links }),
    queryClient: createQueryClient(),
    close: () => {
      current = false;
      // Closing completes the old client's subscriptions, which sets state in their views: not while rendering.
      window.setTimeout(() => void links.close(), 0);
    },
  };
}

type Api = ReturnType<typeof createApi>;
let active: { token: string | null; api: Api } | null = null;

/**
 * Kept outside React so StrictMode's double render cannot open a second socket.
 * The socket sends its token only when it connects, so a new token needs a new
 * socket; a new cache keeps one person's data from showing up for the next.
 */
function apiFor(token: string | null): Api {
  if (active?.token === token) return active.api;
  active?.api.close();
  active = { token, api: createApi() };
  return active.api;
}

export function ApiProvider({ token, children }: { token: string | null; children: ReactNode }) {
  const api = apiFor(token);
  return (
    <trpc.Provider client={api.client} queryClient={api.queryClient}>
      <QueryClientProvider client={api.queryClient}>{children}</QueryClientProvider>
    </trpc.Provider>
  );
}
