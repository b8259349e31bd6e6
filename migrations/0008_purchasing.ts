import { sql, type Kysely } from 'kysely';

interface OldMovement {
  id: number;
  product_id: string;
  delta: number;
  reason: string;
  order_id: string | null;
  created_at: number | string;
}

/**
 * Stock movements as a ledger (CONTRACT "Catalog and stock operations"): what kind of move, the
 * stock it left, who made it and what it belongs to. Suppliers and purchase orders, whose
 * receipts are movements of kind 'purchase'.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('stock_movements').addColumn('kind', 'text', (c) => c.notNull().defaultTo('adjust')).execute();
  await db.schema.alterTable('stock_movements').addColumn('stock_after', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('stock_movements').addColumn('by_user_id', 'text').execute();
  await db.schema.alterTable('stock_movements').addColumn('purchase_order_id', 'text').execute();
  await db.schema.createIndex('stock_movements_product_time').on('stock_movements').columns(['product_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('suppliers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('shop_id', 'text', (c) => c.notNull().references('shops.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('suppliers_shop_name', ['shop_id', 'name'])
    .execute();

  await db.schema
    .createTable('purchase_orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('shop_id', 'text', (c) => c.notNull().references('shops.id'))
    .addColumn('supplier_id', 'text', (c) => c.notNull().references('suppliers.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('purchase_orders_shop').on('purchase_orders').columns(['shop_id', 'created_at']).execute();

  await db.schema
    .createTable('purchase_order_lines')
    .addColumn('purchase_order_id', 'text', (c) => c.notNull().references('purchase_orders.id'))
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('unit_cost_cents', 'integer', (c) => c.notNull())
    .addColumn('received_quantity', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('purchase_order_lines_pk', ['purchase_order_id', 'line'])
    .addUniqueConstraint('purchase_order_lines_product', ['purchase_order_id', 'product_id'])
    .execute();

  await backfillMovements(db);
}

/**
 * Old rows: an order's movement is 'order' (by its buyer), its restock 'cancel'; anything else was
 * an adjustment. Products kept their opening stock outside the ledger, so each product whose
 * movements do not add up to its stock gets one opening row at its creation time; then every
 * row's stock_after is the running sum in (time, id) order, the order `inventory.movements` lists.
 */
async function backfillMovements(db: Kysely<unknown>): Promise<void> {
  await sql`UPDATE stock_movements SET kind = 'order', by_user_id = (SELECT buyer_id FROM orders WHERE orders.id = stock_movements.order_id)
            WHERE order_id IS NOT NULL AND delta < 0`.execute(db);
  await sql`UPDATE stock_movements SET kind = 'cancel' WHERE order_id IS NOT NULL AND delta > 0`.execute(db);

  const products = await sql<{ id: string; stock: number; created_at: number | string; moved: number | string | null }>`
    SELECT p.id, p.stock, p.created_at, (SELECT SUM(m.delta) FROM stock_movements m WHERE m.product_id = p.id) AS moved FROM products p`.execute(db);
  for (const p of products.rows) {
    const opening = p.stock - Number(p.moved ?? 0);
    if (opening === 0) continue;
    await sql`INSERT INTO stock_movements (product_id, delta, reason, order_id, created_at, kind, stock_after)
              VALUES (${p.id}, ${opening}, ${'opening stock'}, ${null}, ${Number(p.created_at)}, ${'adjust'}, ${0})`.execute(db);
  }

  const rows = await sql<OldMovement>`SELECT id, product_id, delta, reason, order_id, created_at FROM stock_movements ORDER BY product_id, created_at, id`.execute(db);
  const running = new Map<string, number>();
  for (const row of rows.rows) {
    const after = (running.get(row.product_id) ?? 0) + row.delta;
    running.set(row.product_id, after);
    await sql`UPDATE stock_movements SET stock_after = ${after} WHERE id = ${row.id}`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('purchase_order_lines').execute();
  await db.schema.dropTable('purchase_orders').execute();
  await db.schema.dropTable('suppliers').execute();
  await db.schema.dropIndex('stock_movements_product_time').execute();
  await sql`DELETE FROM stock_movements WHERE reason = 'opening stock' AND order_id IS NULL`.execute(db);
  for (const column of ['purchase_order_id', 'by_user_id', 'stock_after', 'kind']) {
    await db.schema.alterTable('stock_movements').dropColumn(column).execute();
  }
}
