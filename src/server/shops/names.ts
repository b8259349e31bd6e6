import type { Executor } from '../db/database.js';
import { ConflictError } from '../errors.js';

/** How shop names are compared: trimmed, without case (in JavaScript: SQL's lower() folds ASCII only on SQLite). */
export function shopNameKey(name: string): string {
  return name.trim().toLowerCase();
}

/**
 * "A seller's shop names are unique for that seller": two shops one person owns may not share a
 * name, or their switcher could not tell them apart. Shops they only work in as manager or staff
 * do not count: those names are their owners' to choose. Checked here for a clear answer; the
 * unique index on shop_sellers (user_id, owned_name_key) holds the line against races.
 */
export async function assertNameFree(db: Executor, ownerIds: readonly string[], name: string, exceptShopId: string | null): Promise<void> {
  if (ownerIds.length === 0) return;
  let query = db
    .selectFrom('shop_sellers')
    .select('user_id')
    .where('user_id', 'in', ownerIds)
    .where('owned_name_key', '=', shopNameKey(name));
  if (exceptShopId !== null) query = query.where('shop_id', '!=', exceptShopId);
  if (await query.executeTakeFirst()) throw nameTaken(name);
}

export function nameTaken(name: string): ConflictError {
  return new ConflictError(`A shop named “${name.trim()}” already exists among your shops; choose another name`, 'shop_name_taken');
}

/** A unique index refused the write (SQLite's or PostgreSQL's code). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
