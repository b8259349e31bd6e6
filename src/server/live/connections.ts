import { TRPCError } from '@trpc/server';
import type { TokenClaims } from '../auth/tokens.js';
import type { Clock } from '../clock.js';
import { setLongTimeout } from '../timers.js';
import type { StreamHandle } from './engine.js';

/**
 * One client's live connection: a WebSocket, or one SSE response. Opened, authenticated (and
 * re-authenticated by a token refresh without dropping its streams), limited, and closed with a
 * documented code. Presence and operator counts hang on the registry's open/close hooks.
 */
export interface Connection {
  readonly id: number;
  readonly transport: 'ws' | 'sse';
  /** The client's address (behind a trusted proxy, the forwarded one). */
  readonly address: string;
  readonly user: TokenClaims | null;
  readonly token: string | null;
  /**
   * The browser's own id for itself (connectionParams `visitorId`), so that presence counts an
   * anonymous browser once across its tabs and reconnects; null when the client sent none.
   */
  readonly visitorId: string | null;
  readonly streams: Set<StreamHandle>;
  /** Ends the connection: a WebSocket close code, or the end of an SSE response. */
  close(code: number, reason: string): void;
}

/** Close codes the server uses (4000-4999 are the application's, RFC 6455 §7.4.2). */
export const CLOSE = {
  /** Signed out, or a token that is invalid or expired at connect: sign in again. */
  unauthorized: 4401,
  /** Kept calling over the rate limit after being told to slow down. */
  rateLimited: 4429,
  /** Did not read its answers: the server will not buffer without bound for it. */
  notReading: 4408,
  /** The server is stopping: reconnect (to this instance when back, or another). */
  restarting: 1012,
} as const;

export interface ConnectionInit {
  transport: 'ws' | 'sse';
  address: string;
  close: (code: number, reason: string) => void;
}

export interface ConnectionLimits {
  /** 0: no limit. */
  maxConnections: number;
  maxPerAddress: number;
}

export interface ConnectionRegistry {
  /** Why a new connection from `address` would be refused, or null when it is welcome. */
  refusal(address: string): string | null;
  open(init: ConnectionInit): Connection;
  /** Records the id the client gave its browser (see Connection.visitorId). */
  identifyVisitor(connection: Connection, visitorId: string | null): void;
  /** Binds a (new) sign-in to the connection; its streams end when that sign-in expires. */
  authenticate(connection: Connection, user: TokenClaims | null, token: string | null): void;
  closed(connection: Connection): void;
  closeWhere(matches: (connection: Connection) => boolean, code: number, reason: string): number;
  onOpen(listener: (connection: Connection) => void): void;
  onClose(listener: (connection: Connection) => void): void;
  /** Told after a connection is bound to a sign-in (at connect, or a refresh), with whom it was bound to before. */
  onAuthenticate(listener: (connection: Connection, previous: TokenClaims | null) => void): void;
  all(): Iterable<Connection>;
  size(): number;
}

interface MutableConnection extends Connection {
  user: TokenClaims | null;
  token: string | null;
  visitorId: string | null;
  expiry: { clear(): void } | null;
}

/** What a client may call its browser: a random id, nothing that could carry personal data. */
const VISITOR_ID = /^[A-Za-z0-9_-]{8,64}$/;

export function createConnectionRegistry(clock: Clock, limits: ConnectionLimits): ConnectionRegistry {
  const connections = new Set<MutableConnection>();
  const perAddress = new Map<string, number>();
  const opened: ((c: Connection) => void)[] = [];
  const closedListeners: ((c: Connection) => void)[] = [];
  const authenticated: ((c: Connection, previous: TokenClaims | null) => void)[] = [];
  let nextId = 1;

  return {
    refusal(address) {
      if (limits.maxConnections > 0 && connections.size >= limits.maxConnections) return 'The server has as many connections as it takes; try again shortly.';
      if (limits.maxPerAddress > 0 && (perAddress.get(address) ?? 0) >= limits.maxPerAddress) return 'Too many connections from your address.';
      return null;
    },
    open(init) {
      const connection: MutableConnection = {
        id: nextId++,
        transport: init.transport,
        address: init.address,
        user: null,
        token: null,
        visitorId: null,
        streams: new Set(),
        close: init.close,
        expiry: null,
      };
      connections.add(connection);
      perAddress.set(init.address, (perAddress.get(init.address) ?? 0) + 1);
      for (const listener of opened) listener(connection);
      return connection;
    },
    identifyVisitor(connection, visitorId) {
      (connection as MutableConnection).visitorId = visitorId !== null && VISITOR_ID.test(visitorId) ? visitorId : null;
    },
    authenticate(connection, user, token) {
      const c = connection as MutableConnection;
      c.expiry?.clear();
      const previous = c.user;
      c.user = user;
      c.token = token;
      c.expiry = null;
      for (const listener of authenticated) listener(c, previous);
      if (!user) return;
      c.expiry = setLongTimeout(() => {
        const expired = new TRPCError({ code: 'UNAUTHORIZED', message: 'Your sign-in expired; sign in again to keep streaming.' });
        for (const stream of [...c.streams]) stream.fail(expired);
      }, user.expiresAt.getTime() - clock.now().getTime());
    },
    closed(connection) {
      const c = connection as MutableConnection;
      if (!connections.delete(c)) return;
      c.expiry?.clear();
      for (const stream of [...c.streams]) stream.stop();
      const left = (perAddress.get(c.address) ?? 1) - 1;
      if (left > 0) perAddress.set(c.address, left);
      else perAddress.delete(c.address);
      for (const listener of closedListeners) listener(c);
    },
    closeWhere(matches, code, reason) {
      const closing = [...connections].filter(matches);
      for (const connection of closing) connection.close(code, reason);
      return closing.length;
    },
    onOpen: (listener) => void opened.push(listener),
    onClose: (listener) => void closedListeners.push(listener),
    onAuthenticate: (listener) => void authenticated.push(listener),
    all: () => connections,
    size: () => connections.size,
  };
}
