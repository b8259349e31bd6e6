import { PostgresAdapter, type Kysely } from 'kysely';

/**
 * Which engine runs behind a Kysely instance or transaction: the one question the few
 * dialect-specific places ask (a migration's key column, the commit queue, the event log's tail).
 */
export function isPostgres(db: Pick<Kysely<unknown>, 'getExecutor'>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
