import type { StatsAcrossInstances } from './admin/service.js';
import type { LoginGuard } from './auth/loginGuard.js';
import type { TokenClaims, TokenService } from './auth/tokens.js';
import type { Clock } from './clock.js';
import type { TypingThrottle } from './chat/typing.js';
import type { Db } from './db/database.js';
import type { EventBus } from './events/bus.js';
import type { IdSource } from './ids.js';
import type { CommitQueue } from './events/transact.js';
import type { Connection, ConnectionRegistry } from './live/connections.js';
import type { LiveEngine } from './live/engine.js';
import type { Presence } from './presence/service.js';
import type { Payments } from './payments/payments.js';

/** Everything a service may need, built once by the composition root. */
export interface AppDeps {
  db: Db;
  bus: EventBus;
  clock: Clock;
  ids: IdSource;
  tokens: TokenService;
  loginGuard: LoginGuard;
  /** Every write transaction goes through it (group commit, see events/transact.ts). */
  commits: CommitQueue;
  /** Every subscription's stream (live/engine.ts). */
  live: LiveEngine;
  /** Every open WebSocket and SSE connection. */
  connections: ConnectionRegistry;
  /** Who visits which shop, and which members are online (presence/service.ts). */
  presence: Presence;
  /** Emails whose accounts are operators (ADMIN_EMAILS, lower case). */
  adminEmails: readonly string[];
  /** Typing signals per user and conversation (chat/typing.ts). */
  chatTyping: TypingThrottle;
  /** Added or changed work that falls due at a time (an unpaid order, a booking reminder): look again (scheduler/dueWork.ts). */
  dueWork: { poke(dueAt?: number): void };
  /** The payment provider and the steps around it (payments/payments.ts). */
  payments: Payments;
  /** `admin.stats` over the other instances (cluster/, with BUS_URL); null with one instance. */
  instances: StatsAcrossInstances | null;
}

export interface Context {
  deps: AppDeps;
  user: TokenClaims | null;
  /** The bearer token the user came with (to sign it out). */
  token: string | null;
  /** The caller's network address (the socket's peer, or the forwarded one behind a trusted proxy). */
  address: string;
  /** The live connection the call came on (WebSocket or SSE); null for a plain HTTP call. */
  connection: Connection | null;
}

/** A plain HTTP call's context, from its bearer token. */
export async function createContext(deps: AppDeps, token: string | null, address: string): Promise<Context> {
  const user = token ? await deps.tokens.verify(token) : null;
  return { deps, user, token: user ? token : null, address, connection: null };
}

/** A call on a live connection acts as whoever the connection is signed in as now (a refresh may have changed the token). */
export function contextOf(deps: AppDeps, connection: Connection): Context {
  return { deps, user: connection.user, token: connection.token, address: connection.address, connection };
}

export function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1] ?? null;
}
