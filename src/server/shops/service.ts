import type { TokenClaims } from '../auth/tokens.js';
import type { Clock } from '../clock.js';
import { writeTransaction, type Db, type Executor } from '../db/database.js';
import type { IdSource } from '../ids.js';
import { assertShopRole } from './access.js';
import { assertNameFree, isUniqueViolation, nameTaken, shopNameKey } from './names.js';

/**
 * The shops open to buyers: those with at least one product on sale. A new shop, or one whose
 * products are all archived, has nothing to show a buyer yet; its own team reads its name from auth.me.
 */
export async function listShops(db: Executor): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('shops')
    .select(['id', 'name'])
    .where((eb) =>
      eb.exists(eb.selectFrom('products').select('products.id').whereRef('products.shop_id', '=', 'shops.id').where('products.archived_at', 'is', null)),
    )
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** A seller may run several shops; each new one is theirs alone until they add a team. */
export async function createShop(deps: { db: Db; clock: Clock; ids: IdSource }, user: TokenClaims, name: string): Promise<{ id: string; name: string }> {
  const shop = { id: deps.ids.next(), userId: user.userId, name: name.trim(), now: deps.clock.now().getTime() };
  await refusingTakenNames(shop.name, () =>
    writeTransaction(deps.db, async (trx) => {
      await assertNameFree(trx, [user.userId], shop.name, null);
      await createShopFor(trx, shop);
    }),
  );
  return { id: shop.id, name: shop.name };
}

export async function createShopFor(db: Executor, shop: { id: string; userId: string; name: string; now: number }): Promise<void> {
  await db.insertInto('shops').values({ id: shop.id, name: shop.name.trim(), created_at: shop.now }).execute();
  await db.insertInto('shop_sellers').values({ shop_id: shop.id, user_id: shop.userId, role: 'owner', owned_name_key: shopNameKey(shop.name) }).execute();
}

/** An owner renames the shop; the new name must be free among the shops each of its owners owns. */
export async function renameShop(deps: { db: Db }, user: TokenClaims, input: { shopId: string; name: string }): Promise<{ id: string; name: string }> {
  const name = input.name.trim();
  await refusingTakenNames(name, () =>
    writeTransaction(deps.db, async (trx) => {
      await assertShopRole(trx, user, input.shopId, 'manageShop');
      const owners = await trx.selectFrom('shop_sellers').select('user_id').where('shop_id', '=', input.shopId).where('role', '=', 'owner').execute();
      await assertNameFree(
        trx,
        owners.map((o) => o.user_id),
        name,
        input.shopId,
      );
      await trx.updateTable('shops').set({ name }).where('id', '=', input.shopId).execute();
      await trx.updateTable('shop_sellers').set({ owned_name_key: shopNameKey(name) }).where('shop_id', '=', input.shopId).where('role', '=', 'owner').execute();
    }),
  );
  return { id: input.shopId, name };
}

/** Two writers racing past the check (several instances on one PostgreSQL): the index refuses the second, answered like the check would. */
async function refusingTakenNames<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(name);
    throw error;
  }
}
