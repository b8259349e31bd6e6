import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type SqliteDatabase, type Transaction } from 'kysely';
import { migrations } from '../../../migrations/index.js';
import type { Database } from './schema.js';
import { isPostgres } from './dialect.js';
import { isRetryable } from './postgres.js';
export { isPostgres };

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** Anything that can run a query: the database itself or an open transaction. */
export type Executor = Db | Trx;

/** Opens the SQLite file (the default database); PostgreSQL is opened by postgres.ts. */
export function openDatabase(path: string, { cacheMb = 64 }: { cacheMb?: number } = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  // WAL lets readers go on while one writer commits; NORMAL sync is still durable
  // against a killed process (the WAL is on disk), which is the crash we promise to survive.
  // Set before the file has pages (it cannot change later in WAL mode): a commit writes whole pages,
  // and an order dirties ~20 of them; 2 KiB pages halve the bytes each commit and checkpoint move.
  sqlite.pragma('page_size = 2048');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Index inserts land on random pages (uuid keys, one topic per order); SQLite's default 2 MiB
  // page cache turns them into reads once the file outgrows it. The cache is the one part of the
  // server's memory that grows with the file (up to this cap), so it is a setting (SQLITE_CACHE_MB).
  sqlite.pragma(`cache_size = ${-Math.round(cacheMb * 1024)}`);
  // Each change of a group commit runs in a SAVEPOINT, whose sub-journal keeps the original of every
  // page the change touches. Past 64 KiB SQLite spills it to a temp file, and once spilled it stays
  // a file for the rest of the batch: an order that also notifies the shop's members crossed that
  // line and made every change after it in the batch pay file writes (+30 µs an order). In memory,
  // it holds one change's pages at a time.
  sqlite.pragma('temp_store = MEMORY');
  // Checkpoints run off the event loop (checkpointer.ts); a file database always has one.
  if (path !== ':memory:') sqlite.pragma('wal_autocheckpoint = 0');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite, 1000) }) });
}

/**
 * Kysely prepares every query anew; preparing costs more than running our small statements.
 * The same SQL text reuses its prepared statement (least recently used ones are dropped).
 */
function withStatementCache(sqlite: SQLite.Database, capacity: number): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (statement) {
        statements.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (statements.size >= capacity) statements.delete(statements.keys().next().value ?? '');
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}

export async function migrateToLatest(db: Db): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed`, { cause: error });
  }
}

/**
 * A write outside the commit queue (one that emits no events: a sign-up, a new shop): its
 * check-then-write must hold as it does under SQLite's single writer, where two racing sign-ups
 * with one email take turns. On PostgreSQL that is SERIALIZABLE, run again when it lost a race
 * (the loser then sees the winner's row and answers as SQLite would, e.g. CONFLICT).
 */
export async function writeTransaction<R>(db: Db, work: (trx: Trx) => Promise<R>): Promise<R> {
  if (!isPostgres(db)) return db.transaction().execute(work);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().setIsolationLevel('serializable').execute(work);
    } catch (error) {
      if (!isRetryable(error) || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
    }
  }
}
