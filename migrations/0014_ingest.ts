import type { Kysely } from 'kysely';

/**
 * Messages from other services (src/server/ingest). `ingest_messages` holds the id of every
 * message applied, written in the transaction of the change it made, so a redelivery (the
 * broker lost our ack) is recognised and not applied twice; rows older than the event log's
 * retention are pruned. `ingest_counts` is the newest warehouse count applied to each product,
 * kept for good: a count older than it arrives late and is refused.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ingest_messages')
    .addColumn('message_id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ingest_messages_applied_at').on('ingest_messages').column('applied_at').execute();

  await db.schema
    .createTable('ingest_counts')
    .addColumn('product_id', 'text', (c) => c.primaryKey().references('products.id'))
    .addColumn('counted_at', 'bigint', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('ingest_counts').execute();
  await db.schema.dropTable('ingest_messages').execute();
}
