import type { Kysely } from 'kysely';

interface OwnerRow {
  shop_id: string;
  user_id: string;
  name: string;
  created_at: number | string;
}

/**
 * Archived products, "notify me" subscriptions, shop names unique among the shops one seller
 * owns (CONTRACT `shop.update`), and an orders index that answers a period's figures by itself.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Replaces 0001's (shop_id, created_at, id), which order lists page by and still can: each
  // order still writes one entry, a little wider. With the money in the index, a period's sums
  // never visit the table: 30 days of a 50,000-order shop went from ~140 ms to ~7 ms (README).
  await db.schema.createIndex('orders_shop_period').on('orders').columns(['shop_id', 'created_at', 'id', 'status', 'total_cents', 'profit_cents']).execute();
  await db.schema.dropIndex('orders_shop_created').execute();

  await db.schema.alterTable('products').addColumn('archived_at', 'bigint').execute();

  await db.schema
    .createTable('restock_subscriptions')
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('restock_subscriptions_pk', ['product_id', 'user_id'])
    .execute();

  await db.schema.alterTable('shop_sellers').addColumn('owned_name_key', 'text').execute();
  await backfillOwnedNames(db as Kysely<OldTables>);
  // NULLs (manager and staff rows) never collide, on SQLite as on PostgreSQL.
  await db.schema.createIndex('shop_sellers_owned_name').on('shop_sellers').columns(['user_id', 'owned_name_key']).unique().execute();
}

interface OldTables {
  shops: { id: string; name: string; created_at: number };
  shop_sellers: { shop_id: string; user_id: string; role: string; owned_name_key: string | null };
}

/** Lower-cased in JavaScript, as the service does (shops/names.ts): SQL's lower() folds ASCII only on SQLite. */
function shopNameKey(name: string): string {
  return name.trim().toLowerCase();
}

/**
 * Owner rows get their shop's name key. Shops that already clash (a member promoted to owner of a
 * shop named like one of their own could make that) are renamed "Name (2)", "Name (3)": the
 * older shop keeps its name.
 */
async function backfillOwnedNames(db: Kysely<OldTables>): Promise<void> {
  const rows: OwnerRow[] = await db
    .selectFrom('shop_sellers')
    .innerJoin('shops', 'shops.id', 'shop_sellers.shop_id')
    .select(['shop_sellers.shop_id', 'shop_sellers.user_id', 'shops.name', 'shops.created_at'])
    .where('shop_sellers.role', '=', 'owner')
    .execute();
  const shops = new Map<string, { name: string; createdAt: number; owners: string[] }>();
  for (const row of rows) {
    const shop = shops.get(row.shop_id) ?? { name: row.name, createdAt: Number(row.created_at), owners: [] };
    shop.owners.push(row.user_id);
    shops.set(row.shop_id, shop);
  }
  const keysOf = (byOwner: Map<string, Set<string>>, userId: string) => byOwner.get(userId) ?? byOwner.set(userId, new Set()).get(userId) ?? new Set<string>();
  // A new name must not take the name of a younger shop of theirs either, which keeps its own.
  const existing = new Map<string, Set<string>>();
  for (const shop of shops.values()) for (const owner of shop.owners) keysOf(existing, owner).add(shopNameKey(shop.name));
  const taken = new Map<string, Set<string>>();
  const ordered = [...shops.entries()].sort(([aId, a], [bId, b]) => a.createdAt - b.createdAt || aId.localeCompare(bId));
  for (const [shopId, shop] of ordered) {
    const clashes = (key: string) => shop.owners.some((owner) => keysOf(taken, owner).has(key));
    let name = shop.name.trim();
    if (clashes(shopNameKey(name))) {
      let n = 2;
      const free = (key: string) => !clashes(key) && !shop.owners.some((owner) => keysOf(existing, owner).has(key));
      while (!free(shopNameKey(`${shop.name.trim()} (${n})`))) n++;
      name = `${shop.name.trim()} (${n})`;
    }
    if (name !== shop.name) await db.updateTable('shops').set({ name }).where('id', '=', shopId).execute();
    for (const owner of shop.owners) keysOf(taken, owner).add(shopNameKey(name));
    await db.updateTable('shop_sellers').set({ owned_name_key: shopNameKey(name) }).where('shop_id', '=', shopId).where('role', '=', 'owner').execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('orders_shop_created').on('orders').columns(['shop_id', 'created_at', 'id']).execute();
  await db.schema.dropIndex('orders_shop_period').execute();
  await db.schema.dropIndex('shop_sellers_owned_name').execute();
  await db.schema.alterTable('shop_sellers').dropColumn('owned_name_key').execute();
  await db.schema.dropTable('restock_subscriptions').execute();
  await db.schema.alterTable('products').dropColumn('archived_at').execute();
}
