import { SignJWT, jwtVerify, errors } from 'jose';
import type { Role } from '../../shared/domain.js';

export interface TokenClaims {
  userId: string;
  role: Role;
  expiresAt: Date;
}

export interface TokenService {
  sign(user: { id: string; role: Role }): Promise<string>;
  /** Null for anything that is not a valid, unexpired token of ours. */
  verify(token: string): Promise<TokenClaims | null>;
}

const ISSUER = 'shopwire';

export function createTokenService(secret: string, ttlSeconds: number): TokenService {
  const key = new TextEncoder().encode(secret);
  return {
    async sign(user) {
      return new SignJWT({ role: user.role })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(user.id)
        .setIssuer(ISSUER)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, { issuer: ISSUER, algorithms: ['HS256'] });
        const role = payload['role'];
        if (!payload.sub || (role !== 'buyer' && role !== 'seller') || !payload.exp) return null;
        return { userId: payload.sub, role, expiresAt: new Date(payload.exp * 1000) };
      } catch (error) {
        if (error instanceof errors.JOSEError) return null;
        throw error;
      }
    },
  };
}
