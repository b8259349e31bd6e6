import type { Migration } from 'kysely';
import * as initial from './0001_initial.js';
import * as revokedTokens from './0002_revoked_tokens.js';

/** Listed statically so the same migrations run from TypeScript sources (tests) and from the build. */
export const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_revoked_tokens': revokedTokens,
};
