import { createHash } from 'node:crypto';
import type { Db } from '../db/database.js';

/** Tokens signed out before they expire. Checked on every verification that misses the cache. */
export interface RevocationList {
  has(token: string): boolean;
  add(token: string, expiresAt: Date): Promise<void>;
  /** A sign-out another instance made (it stored the row): remembered here too, by the token's hash. */
  addHash(hash: string): void;
}

export const noRevocations: RevocationList = { has: () => false, add: () => Promise.resolve(), addHash: () => undefined };

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * Kept in the database so a sign-out outlives a restart, and held in memory so checking one
 * costs a hash and a set lookup, not a query. Rows past their token's expiry are dropped on load:
 * such a token is refused for having expired.
 * Several instances pass each sign-out's hash to the others over the broker (cluster/), which
 * call `addHash`.
 */
export async function loadRevocationList(db: Db, now: Date): Promise<RevocationList> {
  await db.deleteFrom('revoked_tokens').where('expires_at', '<=', now.getTime()).execute();
  const rows = await db.selectFrom('revoked_tokens').select('token_hash').execute();
  const hashes = new Set(rows.map((row) => row.token_hash));
  return {
    has: (token) => hashes.size > 0 && hashes.has(tokenHash(token)),
    async add(token, expiresAt) {
      const hash = tokenHash(token);
      await db
        .insertInto('revoked_tokens')
        .values({ token_hash: hash, expires_at: expiresAt.getTime() })
        .onConflict((c) => c.column('token_hash').doNothing())
        .execute();
      hashes.add(hash);
    },
    addHash: (hash) => void hashes.add(hash),
  };
}

/** Every sign-out still in force, by hash (an instance that could not hear some of them reads them here). */
export async function revokedHashes(db: Db, now: Date): Promise<string[]> {
  const rows = await db.selectFrom('revoked_tokens').select('token_hash').where('expires_at', '>', now.getTime()).execute();
  return rows.map((row) => row.token_hash);
}
