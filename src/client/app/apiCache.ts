import { createShopwireLinks } from '../sdk/createShopwireClient.js';
import type { ConnectionStore } from './connectionStore.js';
import { createQueryClient, endSession } from './createQueryClient.js';
import { offlineLink } from './offlineLink.js';
import type { TokenStore } from './tokenStore.js';
import { trpc } from './trpc.js';

function createApi(tokens: TokenStore, connection: ConnectionStore, visitorId: () => string | undefined) {
  let current = true;
  connection.resetSocketState();
  const links = createShopwireLinks({
    url: window.location.origin,
    token: tokens.getToken,
    visitorId,
    // Everything rides the one socket (sign-in excepted, see the SDK): an order costs the server about
    // half the CPU it does over HTTP (npm run bench, scenario a). Calls made while it reconnects wait for it.
    // A closed client's last "offline" must not overwrite its successor's state.
    onConnectionState: (state) => current && connection.reportSocketState(state),
    // The server closed the socket as signed out (another tab's sign-out, or a token it refused).
    onUnauthorized: () => current && endSession(tokens),
  });
  return {
    client: trpc.createClient({ links: [offlineLink(connection), ...links.links] }),
    queryClient: createQueryClient(tokens),
    close: () => {
      current = false;
      // Closing completes the old client's subscriptions, which sets state in their views: not while rendering.
      window.setTimeout(() => void links.close(), 0);
    },
  };
}

export type Api = ReturnType<typeof createApi>;
export type ApiCache = ReturnType<typeof createApiCache>;

/**
 * Created once, outside React, so StrictMode's double render cannot open a second socket.
 * The socket sends its token only when it connects, so a new token needs a new
 * socket; a new cache keeps one person's data from showing up for the next.
 */
export function createApiCache(tokens: TokenStore, connection: ConnectionStore, visitorId: () => string | undefined = () => undefined) {
  let active: { token: string | null; api: Api } | null = null;
  return {
    apiFor(token: string | null): Api {
      if (active?.token === token) return active.api;
      active?.api.close();
      active = { token, api: createApi(tokens, connection, visitorId) };
      return active.api;
    },
  };
}
