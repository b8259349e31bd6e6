import type { Kysely } from 'kysely';

/**
 * Stock transfers between two shops of the same owner (CONTRACT "Catalog and stock operations"):
 * sending takes the stock from the source and receiving puts it in the target, each in its own
 * transaction, so in between the quantity is counted once, on the transfer row (in_transit).
 * Each side's ledger row names the transfer.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('transfers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('from_shop_id', 'text', (c) => c.notNull().references('shops.id'))
    .addColumn('to_shop_id', 'text', (c) => c.notNull().references('shops.id'))
    .addColumn('from_product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('to_product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('sku', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('sent_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .addColumn('received_by', 'text', (c) => c.references('users.id'))
    .addColumn('received_at', 'bigint')
    .execute();
  await db.schema.createIndex('transfers_from_shop').on('transfers').columns(['from_shop_id', 'sent_at']).execute();
  await db.schema.createIndex('transfers_to_shop').on('transfers').columns(['to_shop_id', 'sent_at']).execute();
  await db.schema.alterTable('stock_movements').addColumn('transfer_id', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('stock_movements').dropColumn('transfer_id').execute();
  await db.schema.dropTable('transfers').execute();
}
