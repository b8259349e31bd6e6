import { sql, type Kysely } from 'kysely';

/**
 * Payments, customers and shipping (CONTRACT "Payments, customers, shipping").
 *
 * - users: a saved shipping address (JSON text of an `Address`).
 * - orders: the customer as they were at placement, the address the order ships to, the tracking
 *   number, and where its money stands (payment_status, paid_cents, refunded_cents, the last
 *   decline). `pay_by` is the due work of an unpaid order: when its stock is released unless it is
 *   paid; null once paid, moved on or cancelled, and for orders placed before payments existed
 *   (nobody asked those buyers to pay, so they are never released).
 * - payments: one row per charge attempt and per refund, written before the provider is called
 *   (status 'pending') and completed after; `idempotency_key` is unique per order, so a retried
 *   order.pay finds its attempt instead of charging again. `retry_at` is when a step still pending
 *   is resumed by the recovery task.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('shipping_address', 'text').execute();

  await db.schema.alterTable('orders').addColumn('customer_name', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('orders').addColumn('customer_email', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('orders').addColumn('shipping_address', 'text').execute();
  await db.schema.alterTable('orders').addColumn('tracking_number', 'text').execute();
  await db.schema.alterTable('orders').addColumn('payment_status', 'text', (c) => c.notNull().defaultTo('unpaid')).execute();
  await db.schema.alterTable('orders').addColumn('paid_cents', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('orders').addColumn('refunded_cents', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('orders').addColumn('decline_reason', 'text').execute();
  await db.schema.alterTable('orders').addColumn('pay_by', 'bigint').execute();
  // Only unpaid pending orders are in it: the release timer's "next due" is its first entry.
  await db.schema.createIndex('orders_pay_by').on('orders').column('pay_by').where(sql.ref('pay_by'), 'is not', null).execute();
  await sql`UPDATE orders SET customer_name = (SELECT name FROM users WHERE users.id = orders.buyer_id),
                              customer_email = (SELECT email FROM users WHERE users.id = orders.buyer_id)`.execute(db);

  await db.schema
    .createTable('payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('amount_cents', 'integer', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('payment_method', 'text')
    .addColumn('provider_ref', 'text')
    .addColumn('decline_reason', 'text')
    .addColumn('reason', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('completed_at', 'bigint')
    .addColumn('retry_at', 'bigint')
    .addUniqueConstraint('payments_order_idempotency', ['order_id', 'idempotency_key'])
    .execute();
  // Steps whose outcome is not recorded yet (a crash between the provider call and the record): the recovery task's work.
  await db.schema.createIndex('payments_pending').on('payments').column('retry_at').where(sql.ref('status'), '=', 'pending').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('payments').execute();
  await db.schema.dropIndex('orders_pay_by').execute();
  for (const column of ['pay_by', 'decline_reason', 'refunded_cents', 'paid_cents', 'payment_status', 'tracking_number', 'shipping_address', 'customer_email', 'customer_name']) {
    await db.schema.alterTable('orders').dropColumn(column).execute();
  }
  await db.schema.alterTable('users').dropColumn('shipping_address').execute();
}
