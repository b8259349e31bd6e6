import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  splitLink,
  wsLink,
  type Operation,
  type TRPCClient,
  type TRPCLink,
  type WebSocketClientOptions,
} from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from '../../server/router.js';
import { sendPromptly } from './sendPromptly.js';

export type { AppRouter };

export interface ShopwireClientOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /**
   * Read on every HTTP request and whenever the socket (re)connects. The socket keeps the identity it
   * connected with: after signing in as someone else, make a new client.
   */
  token?: () => string | null | undefined;
  /** Node 20 has no global WebSocket: pass the `ws` package's default export. Browsers need nothing. */
  WebSocket?: new (url: string, protocols?: string | string[]) => unknown;
  /** `ws` (default) sends everything over the one socket; `http` sends queries and mutations over HTTP. */
  transport?: 'ws' | 'http';
  onConnectionState?: (state: 'connecting' | 'live' | 'offline') => void;
  /**
   * A random id this browser keeps for itself (8-64 letters, digits, '-' or '_'), so presence
   * counts it once across tabs and reconnects while nobody is signed in.
   */
  visitorId?: () => string | undefined;
  /**
   * The server closed the socket with 4401: the token was signed out, or was invalid or expired
   * when the socket connected. Sign in again (the socket keeps retrying with whatever `token` gives).
   */
  onUnauthorized?: () => void;
}

export interface ShopwireClient {
  api: TRPCClient<AppRouter>;
  close: () => Promise<void>;
}

/** Exponential backoff with full jitter, so a restart does not bring every client back in the same instant. */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(10_000, 250 * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function createShopwireLinks(options: ShopwireClientOptions): { links: TRPCLink<AppRouter>[]; close: () => Promise<void> } {
  const base = options.url.replace(/\/$/, '');
  const wsClient = createWSClient({
    url: `${base.replace(/^http/, 'ws')}/trpc`,
    // `ws` implements what the client uses but not every DOM typing (dispatchEvent), hence the cast.
    WebSocket: options.WebSocket as WebSocketClientOptions['WebSocket'],
    retryDelayMs: (attempt) => reconnectDelayMs(attempt),
    // Opened on first use, closed after a minute with nothing to do (open subscriptions keep it up).
    lazy: { enabled: true, closeMs: 60_000 },
    connectionParams: () => {
      const token = options.token?.();
      const visitorId = options.visitorId?.();
      return { ...(token ? { token } : {}), ...(visitorId ? { visitorId } : {}) };
    },
    onOpen: () => options.onConnectionState?.('live'),
    onClose: (cause) => {
      options.onConnectionState?.('offline');
      if (cause?.code === 4401) options.onUnauthorized?.();
    },
  });
  sendPromptly(wsClient);
  const socket = wsLink<AppRouter>({ client: wsClient, transformer: superjson });
  const http = httpBatchLink<AppRouter>({
    url: `${base}/trpc`,
    transformer: superjson,
    headers: () => {
      const token = options.token?.();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
  });
  // Sign-in goes over HTTP so that the socket, opened lazily afterwards, carries the new token in its
  // connectionParams: a WebSocket's identity is set when it connects. A refresh goes over the socket,
  // which switches to the new token without dropping its streams.
  const overSocket =
    options.transport === 'http'
      ? (op: Operation) => op.type === 'subscription'
      : (op: Operation) => op.type === 'subscription' || op.path === 'auth.refresh' || !op.path.startsWith('auth.');
  const links = [splitLink<AppRouter>({ condition: overSocket, true: socket, false: http })];
  return { links, close: () => wsClient.close() };
}

/**
 * A ready, fully typed client for programs outside the browser:
 *
 *   const { api } = createShopwireClient({ url, token: () => token, WebSocket });
 *   await api.order.place.mutate({ shopId, items });
 */
export function createShopwireClient(options: ShopwireClientOptions): ShopwireClient {
  const { links, close } = createShopwireLinks(options);
  return { api: createTRPCClient<AppRouter>({ links }), close };
}
