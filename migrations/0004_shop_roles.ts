import { sql, type Kysely } from 'kysely';

// A shop member is an owner, a manager or staff (CONTRACT "Roles"). Every member so far ran the
// shop alone or as an equal, so every existing row becomes an owner (the column's default).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('shop_sellers')
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('owner').check(sql`role in ('owner', 'manager', 'staff')`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('shop_sellers').dropColumn('role').execute();
}
