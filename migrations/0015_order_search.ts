import { sql, type Kysely } from 'kysely';

/**
 * The seller's order filters (`order.list`, the CSV export): each filter of a shop's orders reads an
 * index in "newest first" order, so a page stops after its rows instead of sorting the shop.
 *
 * - by status, and by payment status: (shop_id, <it>, created_at, id), the keyset of the list;
 * - by order number: the number is no column but the id's tail (src/shared/orderNumber.ts), so the
 *   index is on that expression, written exactly as src/server/orders/filters.ts queries it.
 *
 * A name or email "contains" search has no index on either engine short of PostgreSQL's trigrams;
 * it walks the shop's orders newest first (orders_shop_period) and stops once a page is full.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('orders_shop_status').on('orders').columns(['shop_id', 'status', 'created_at', 'id']).execute();
  await db.schema.createIndex('orders_shop_payment').on('orders').columns(['shop_id', 'payment_status', 'created_at', 'id']).execute();
  await db.schema
    .createIndex('orders_shop_number')
    .on('orders')
    .column('shop_id')
    .expression(sql`substr(replace(id, '-', ''), length(replace(id, '-', '')) - 7)`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('orders_shop_number').execute();
  await db.schema.dropIndex('orders_shop_payment').execute();
  await db.schema.dropIndex('orders_shop_status').execute();
}
