import { sql, type Kysely } from 'kysely';

// A partial index's condition is DDL text; both SQLite and PostgreSQL take it as written.
const LIVE = sql<boolean>`status in ('requested', 'confirmed')`;

/** Services a shop offers and the bookings buyers make of them (CONTRACT "Catalog and stock operations"). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('services')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('shop_id', 'text', (c) => c.notNull().references('shops.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('price_cents', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // Bumped first thing in every transaction that books the service: on PostgreSQL that row lock
    // queues concurrent bookings of one service behind each other, so each one's overlap check
    // sees the others' committed rows (SQLite has one writer anyway).
    .addColumn('booking_lock', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('services_shop_name', ['shop_id', 'name'])
    .execute();

  await db.schema
    .createTable('bookings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
    .addColumn('shop_id', 'text', (c) => c.notNull().references('shops.id'))
    .addColumn('buyer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addColumn('price_cents', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    // When the reminder was dealt with: sent, or passed over because the booking had already started.
    .addColumn('reminder_sent_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // The database's own last word on double booking: one live booking per service and start (the
  // grid makes any overlap a same start). The lock above means it is never what refuses one.
  await db.schema.createIndex('bookings_live_slot').on('bookings').columns(['service_id', 'starts_at']).unique().where(LIVE).execute();
  await db.schema.createIndex('bookings_service_time').on('bookings').columns(['service_id', 'starts_at']).execute();
  await db.schema.createIndex('bookings_shop_time').on('bookings').columns(['shop_id', 'starts_at']).execute();
  await db.schema.createIndex('bookings_buyer_time').on('bookings').columns(['buyer_id', 'starts_at']).execute();
  // Reminders still to send, by start: the due-work task reads the head of this and nothing else.
  await db.schema
    .createIndex('bookings_reminders_due')
    .on('bookings')
    .column('starts_at')
    .where(sql<boolean>`reminder_sent_at is null and ${LIVE}`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('bookings').execute();
  await db.schema.dropTable('services').execute();
}
