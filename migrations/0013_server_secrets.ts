import type { Kysely } from 'kysely';

// Secrets the instances of one deployment must share and nobody configured: the JWT signing key
// when JWT_SECRET is unset. On PostgreSQL, where several instances share the database, it lives
// here; a SQLite server keeps using the `jwt-secret` file beside its database, as before.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('server_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('server_secrets').execute();
}
