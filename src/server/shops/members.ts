import type { Executor } from '../db/database.js';

/** A shop's team: everyone who sells for it. */
export async function listShopMembers(db: Executor, shopId: string): Promise<{ userId: string; name: string }[]> {
  return db
    .selectFrom('shop_sellers')
    .innerJoin('users', 'users.id', 'shop_sellers.user_id')
    .select(['users.id as userId', 'users.name as name'])
    .where('shop_sellers.shop_id', '=', shopId)
    .orderBy('users.name')
    .execute();
}

export async function shopsOfMember(db: Executor, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('shop_sellers').select('shop_id').where('user_id', '=', userId).execute();
  return rows.map((row) => row.shop_id);
}
