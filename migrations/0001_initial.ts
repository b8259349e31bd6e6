import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import { isPostgres } from '../src/server/db/dialect.js';

// Schema-builder only (no raw SQL) so the same migration runs on PostgreSQL.
// Times are integer epoch milliseconds; money is integer cents.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('shops')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('shop_sellers')
    .addColumn('shop_id', 'text', (c) => c.notNull().references('shops.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addPrimaryKeyConstraint('shop_sellers_pk', ['shop_id', 'user_id'])
    .execute();
  await db.schema.createIndex('shop_sellers_user').on('shop_sellers').column('user_id').execute();

  await db.schema
    .createTable('products')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('shop_id', 'text', (c) => c.notNull().references('shops.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sku', 'text', (c) => c.notNull())
    .addColumn('price_cents', 'integer', (c) => c.notNull())
    .addColumn('cost_cents', 'integer', (c) => c.notNull())
    .addColumn('stock', 'integer', (c) => c.notNull().check(sqlNonNegative('stock')))
    .addColumn('low_stock_threshold', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('products_shop_sku', ['shop_id', 'sku'])
    .execute();

  await db.schema
    .createTable('orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('shop_id', 'text', (c) => c.notNull().references('shops.id'))
    .addColumn('buyer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('total_cents', 'integer', (c) => c.notNull())
    .addColumn('profit_cents', 'integer', (c) => c.notNull())
    .addColumn('idempotency_key', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('orders_buyer_idempotency', ['buyer_id', 'idempotency_key'])
    .execute();
  await db.schema.createIndex('orders_shop_created').on('orders').columns(['shop_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('order_items')
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('product_name', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('price_cents', 'integer', (c) => c.notNull())
    .addColumn('cost_cents', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('order_items_pk', ['order_id', 'line'])
    .execute();

  await db.schema
    .createTable('stock_movements')
    .addColumn('id', serialId(db), (c) => serialKey(db, c))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('delta', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('events')
    // A rowid alias: ids only grow, since event rows are never deleted (AUTOINCREMENT would add
    // a sqlite_sequence write to every commit for a guarantee we already have).
    .addColumn('id', serialId(db), (c) => serialKey(db, c))
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_topic_id').on('events').columns(['topic', 'id']).execute();
}

/**
 * A key the database numbers itself. SQLite: an INTEGER PRIMARY KEY is the rowid. PostgreSQL has
 * no rowid: a bigint identity column (integer would run out at 2^31 events).
 */
function serialId(db: Kysely<unknown>): 'integer' | 'bigint' {
  return isPostgres(db) ? 'bigint' : 'integer';
}

function serialKey(db: Kysely<unknown>, column: ColumnDefinitionBuilder): ColumnDefinitionBuilder {
  return isPostgres(db) ? column.primaryKey().generatedByDefaultAsIdentity() : column.primaryKey();
}

function sqlNonNegative(column: string) {
  // A last line of defence: services never write negative stock, the schema refuses it too.
  return sql`${sql.ref(column)} >= 0`;
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['events', 'stock_movements', 'order_items', 'orders', 'products', 'shop_sellers', 'shops', 'users']) {
    await db.schema.dropTable(table).execute();
  }
}
