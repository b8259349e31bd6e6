import type { TokenClaims } from '../auth/tokens.js';
import type { Clock } from '../clock.js';
import type { Db, Executor } from '../db/database.js';
import type { IdSource } from '../ids.js';

export async function listShops(db: Executor): Promise<{ id: string; name: string }[]> {
  return db.selectFrom('shops').select(['id', 'name']).orderBy('name').orderBy('id').execute();
}

/** A seller may run several shops; each new one is theirs alone until shared. */
export async function createShop(deps: { db: Db; clock: Clock; ids: IdSource }, user: TokenClaims, name: string): Promise<{ id: string; name: string }> {
  const id = deps.ids.next();
  await deps.db.transaction().execute((trx) => createShopFor(trx, { id, userId: user.userId, name, now: deps.clock.now().getTime() }));
  return { id, name: name.trim() };
}

export async function createShopFor(db: Executor, shop: { id: string; userId: string; name: string; now: number }): Promise<void> {
  await db.insertInto('shops').values({ id: shop.id, name: shop.name.trim(), created_at: shop.now }).execute();
  await db.insertInto('shop_sellers').values({ shop_id: shop.id, user_id: shop.userId }).execute();
}
