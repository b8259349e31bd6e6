import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Db } from './db/database.js';

/** With no JWT_SECRET, one is made once and kept beside the database so tokens survive restarts. */
export function resolveJwtSecret(configured: string | undefined, databasePath: string): string {
  if (configured) return configured;
  if (databasePath === ':memory:') return randomBytes(32).toString('base64url');
  const file = join(dirname(databasePath), 'jwt-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(48).toString('base64url');
  // 'wx' fails if another process made it first; then theirs is the one to use.
  try {
    writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch {
    return readFileSync(file, 'utf8').trim();
  }
}

/**
 * The same on PostgreSQL, where the instances of a deployment share the database but not a disk:
 * the first to start makes the secret and the rest read it (an insert that loses the race changes nothing).
 */
export async function resolveSharedJwtSecret(configured: string | undefined, db: Db): Promise<string> {
  if (configured) return configured;
  await db
    .insertInto('server_secrets')
    .values({ name: 'jwt', value: randomBytes(48).toString('base64url') })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  return (await db.selectFrom('server_secrets').select('value').where('name', '=', 'jwt').executeTakeFirstOrThrow()).value;
}
