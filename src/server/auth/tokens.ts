import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, errors } from 'jose';
import type { Role } from '../../shared/domain.js';
import { noRevocations, tokenHash, type RevocationList } from './revocations.js';

export interface TokenClaims {
  userId: string;
  role: Role;
  expiresAt: Date;
}

export interface TokenService {
  sign(user: { id: string; role: Role }): Promise<string>;
  /** Null for anything that is not a valid, unexpired, not signed-out token of ours, for a user we have. */
  verify(token: string): Promise<TokenClaims | null>;
  /** Signs a token out for good; listeners hear of it (the WebSocket server closes its connections). */
  revoke(token: string): Promise<void>;
  onRevoked(listener: (token: string) => void): void;
  /** Another instance signed out the tokens with these hashes (revocations.ts `tokenHash`): refuse them here too. */
  revokedElsewhere(hashes: ReadonlySet<string>): void;
}

const ISSUER = 'shopwire';

/** HTTP callers send the same token on every request; a signature check costs ~65 us, a lookup nothing. */
const VERIFIED_CACHE_SIZE = 10_000;

/**
 * Whether the token's user is one of this database's. A well-signed token can name a user the
 * database lacks (a row deleted, a secret shared with another database); without this check
 * such a caller reaches the services as signed in and fails there on a foreign key.
 */
export type UserCheck = (claims: { userId: string; role: Role }) => Promise<boolean>;

const anyUser: UserCheck = () => Promise.resolve(true);

export function createTokenService(
  secret: string,
  ttlSeconds: number,
  now: () => Date = () => new Date(),
  revocations: RevocationList = noRevocations,
  isUser: UserCheck = anyUser,
): TokenService {
  const key = new TextEncoder().encode(secret);
  const verified = new Map<string, TokenClaims>();
  const revokedListeners: ((token: string) => void)[] = [];
  const remember = (token: string, claims: TokenClaims) => {
    if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value ?? '');
    verified.set(token, claims);
  };
  const service: TokenService = {
    async sign(user) {
      return new SignJWT({ role: user.role })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(user.id)
        // Unique per sign-in, so signing one session out leaves another of the same second alone.
        .setJti(randomUUID())
        .setIssuer(ISSUER)
        .setIssuedAt(Math.floor(now().getTime() / 1000))
        .setExpirationTime(Math.floor(now().getTime() / 1000) + ttlSeconds)
        .sign(key);
    },
    async verify(token) {
      const known = verified.get(token);
      if (known) return known.expiresAt > now() ? known : null;
      // A revoked token is never in the cache (revoke takes it out), so only a miss has to ask.
      if (revocations.has(token)) return null;
      try {
        const { payload } = await jwtVerify(token, key, { issuer: ISSUER, algorithms: ['HS256'], currentDate: now() });
        const role = payload['role'];
        if (!payload.sub || (role !== 'buyer' && role !== 'seller' && role !== 'admin') || !payload.exp) return null;
        const claims: TokenClaims = { userId: payload.sub, role, expiresAt: new Date(payload.exp * 1000) };
        // Checked here, once per token, and cached with the claims: one query per sign-in, not per call.
        if (!(await isUser(claims))) return null;
        remember(token, claims);
        return claims;
      } catch (error) {
        if (error instanceof errors.JOSEError) return null;
        throw error;
      }
    },
    async revoke(token) {
      const claims = await service.verify(token);
      if (!claims) return;
      await revocations.add(token, claims.expiresAt);
      verified.delete(token);
      for (const listener of revokedListeners) listener(token);
    },
    onRevoked(listener) {
      revokedListeners.push(listener);
    },
    revokedElsewhere(hashes) {
      for (const hash of hashes) revocations.addHash(hash);
      // Rare (a sign-out elsewhere), so hashing the cache then is cheaper than a lookup on every call.
      for (const token of [...verified.keys()]) if (hashes.has(tokenHash(token))) verified.delete(token);
    },
  };
  return service;
}
