import type { LoginGuard } from './auth/loginGuard.js';
import type { TokenClaims, TokenService } from './auth/tokens.js';
import type { Clock } from './clock.js';
import type { Db } from './db/database.js';
import type { EventBus } from './events/bus.js';
import type { IdSource } from './ids.js';
import type { CommitQueue } from './events/transact.js';

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
  /** Live events one subscription may have waiting before it is ended as too slow. */
  maxSubscriberQueue: number;
}

export interface Context {
  deps: AppDeps;
  user: TokenClaims | null;
  /** The bearer token the user came with (to sign it out). */
  token: string | null;
  /** The caller's network address (the socket's peer: a proxy's, behind one). */
  address: string;
}

/** Reads the bearer token from HTTP headers or WebSocket connectionParams. */
export async function createContext(deps: AppDeps, token: string | null, address: string): Promise<Context> {
  const user = token ? await deps.tokens.verify(token) : null;
  return { deps, user, token: user ? token : null, address };
}

export function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1] ?? null;
}
