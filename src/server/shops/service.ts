import type { TokenClaims } from '../auth/tokens.js';
import type { Clock } from '../clock.js';
import type { Db, Executor } from '../db/database.js';
import { ConflictError } from '../errors.js';
import type { IdSource } from '../ids.js';
import { assertShopRole } from './access.js';

export async function listShops(db: Executor): Promise<{ id: string; name: string }[]> {
  return db.selectFrom('shops').select(['id', 'name']).orderBy('name').orderBy('id').execute();
}

/** A seller may run several shops; each new one is theirs alone until they add a team. */
export async function createShop(deps: { db: Db; clock: Clock; ids: IdSource }, user: TokenClaims, name: string): Promise<{ id: string; name: string }> {
  const shop = { id: deps.ids.next(), userId: user.userId, name: name.trim(), now: deps.clock.now().getTime() };
  // One transaction for the check and the insert: SQLite's single writer makes two racing creates take turns.
  await deps.db.transaction().execute(async (trx) => {
    await assertNameFree(trx, [user.userId], shop.name, null);
    await createShopFor(trx, shop);
  });
  return { id: shop.id, name: shop.name };
}

export async function createShopFor(db: Executor, shop: { id: string; userId: string; name: string; now: number }): Promise<void> {
  await db.insertInto('shops').values({ id: shop.id, name: shop.name.trim(), created_at: shop.now }).execute();
  await db.insertInto('shop_sellers').values({ shop_id: shop.id, user_id: shop.userId, role: 'owner' }).execute();
}

/** An owner renames the shop; the new name must be free among the shops each of its owners owns. */
export async function renameShop(deps: { db: Db }, user: TokenClaims, input: { shopId: string; name: string }): Promise<{ id: string; name: string }> {
  const name = input.name.trim();
  await deps.db.transaction().execute(async (trx) => {
    await assertShopRole(trx, user, input.shopId, 'manageShop');
    const owners = await trx.selectFrom('shop_sellers').select('user_id').where('shop_id', '=', input.shopId).where('role', '=', 'owner').execute();
    await assertNameFree(
      trx,
      owners.map((o) => o.user_id),
      name,
      input.shopId,
    );
    await trx.updateTable('shops').set({ name }).where('id', '=', input.shopId).execute();
  });
  return { id: input.shopId, name };
}

/**
 * "A seller's shop names are unique for that seller": two shops one person owns may not share a
 * name (compared without case), or their switcher could not tell them apart. Shops they only work
 * in as manager or staff do not count: those names are their owners' to choose.
 */
async function assertNameFree(db: Executor, ownerIds: readonly string[], name: string, exceptShopId: string | null): Promise<void> {
  if (ownerIds.length === 0) return;
  const owned = await db
    .selectFrom('shop_sellers')
    .innerJoin('shops', 'shops.id', 'shop_sellers.shop_id')
    .select(['shops.id', 'shops.name'])
    .where('shop_sellers.user_id', 'in', ownerIds)
    .where('shop_sellers.role', '=', 'owner')
    .execute();
  const wanted = name.toLowerCase();
  if (owned.some((shop) => shop.id !== exceptShopId && shop.name.toLowerCase() === wanted)) {
    throw new ConflictError(`A shop named “${name}” already exists among your shops; choose another name`, 'shop_name_taken');
  }
}
