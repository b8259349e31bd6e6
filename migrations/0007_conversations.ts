import type { Kysely } from 'kysely';

// Conversations between a buyer and a shop's team (CONTRACT "Conversations").
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('conversations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('shop_id', 'text', (c) => c.notNull().references('shops.id'))
    .addColumn('buyer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('order_id', 'text', (c) => c.references('orders.id'))
    // NULLs are distinct in a unique index (SQLite and PostgreSQL alike), so "about no order" is
    // '' here: one conversation per (buyer, shop, order or none), however often `open` is called.
    .addColumn('order_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // The newest message's id (the conversation's own until one is sent): ids are time-ordered,
    // and unlike a millisecond time two activities never tie.
    .addColumn('last_activity_id', 'text', (c) => c.notNull())
    .addUniqueConstraint('conversations_buyer_shop_order', ['buyer_id', 'shop_id', 'order_key'])
    .execute();
  await db.schema.createIndex('conversations_shop_activity').on('conversations').columns(['shop_id', 'last_activity_id']).execute();
  await db.schema.createIndex('conversations_buyer_activity').on('conversations').columns(['buyer_id', 'last_activity_id']).execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('sender_id', 'text', (c) => c.notNull().references('users.id'))
    // The name as it was when sent, like an order line's product name.
    .addColumn('sender_name', 'text', (c) => c.notNull())
    .addColumn('sender_role', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('client_message_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // A retried send (same sender, same clientMessageId) can never make a second row.
    .addUniqueConstraint('messages_client_id', ['conversation_id', 'sender_id', 'client_message_id'])
    .execute();
  await db.schema.createIndex('messages_conversation').on('messages').columns(['conversation_id', 'id']).execute();

  await db.schema
    .createTable('conversation_reads')
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('last_read_message_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('conversation_reads_pk', ['conversation_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('conversation_reads').execute();
  await db.schema.dropTable('messages').execute();
  await db.schema.dropTable('conversations').execute();
}
