import type { Kysely } from 'kysely';

// How far the event log has been pruned (EVENT_RETENTION_DAYS): a cursor at or above this id can
// still be served in full; one below it would silently skip pruned events, so it is refused.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('event_log_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('pruned_through', 'bigint', (c) => c.notNull())
    .execute();
  await db
    .insertInto('event_log_state' as never)
    .values({ id: 1, pruned_through: 0 } as never)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('event_log_state').execute();
}
