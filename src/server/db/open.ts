import { sql } from 'kysely';
import type { Config } from '../config.js';
import { startCheckpointer, type Checkpointer } from './checkpointer.js';
import { migrateToLatest, openDatabase, type Db } from './database.js';
import { describePostgresUrl, openPostgres } from './postgres.js';

export interface Store {
  db: Db;
  dialect: 'sqlite' | 'postgres';
  /** Where the data lives, for the ready line: a file, or a URL without its password. */
  where: string;
  close(): Promise<void>;
}

/** A bad DATABASE_URL, or a database that does not answer: start-up stops with this one line. */
export class DatabaseUnavailableError extends Error {}

// Session-level advisory lock: one instance at a time prepares the database at start.
const STARTUP_LOCK = 7_140_001;

/**
 * Opens the configured database (DATABASE_URL wins over DATABASE_PATH), brings it to the latest
 * migration and runs `prepare` (seeding, roles from the environment), then starts what runs
 * beside it. On PostgreSQL several instances may start at once against one database: the
 * migrations and `prepare` run under an advisory lock, so they run one instance after another
 * and each later one finds the work done.
 */
export async function openStore<T>(
  config: Config,
  { onBackgroundError }: { onBackgroundError: (message: string, error?: unknown) => void },
  prepare: (db: Db) => Promise<T>,
): Promise<{ store: Store; prepared: T }> {
  if (config.DATABASE_URL) return openPostgresStore(config.DATABASE_URL, config.DATABASE_POOL_SIZE, onBackgroundError, prepare);

  const db = openDatabase(config.DATABASE_PATH, { cacheMb: config.SQLITE_CACHE_MB });
  let prepared: T;
  try {
    await migrateToLatest(db);
    prepared = await prepare(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  // SQLite only: WAL checkpoints off the event loop (checkpointer.ts).
  const checkpointer: Checkpointer = startCheckpointer(config.DATABASE_PATH, 250, (message) => onBackgroundError('checkpoint failed', message));
  return {
    store: {
      db,
      dialect: 'sqlite',
      where: config.DATABASE_PATH,
      async close() {
        await db.destroy();
        await checkpointer.stop();
      },
    },
    prepared,
  };
}

async function openPostgresStore<T>(
  url: string,
  poolSize: number,
  onBackgroundError: (message: string, error?: unknown) => void,
  prepare: (db: Db) => Promise<T>,
): Promise<{ store: Store; prepared: T }> {
  const where = describePostgresUrl(url);
  const db = openPostgres(url, { poolSize, onPoolError: (error) => onBackgroundError('idle database connection failed', error) });
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw new DatabaseUnavailableError(`Cannot reach PostgreSQL at ${where}: ${oneLine(error)}`);
  }
  try {
    const prepared = await db.connection().execute(async (locked) => {
      await sql`select pg_advisory_lock(${STARTUP_LOCK})`.execute(locked);
      try {
        await migrateToLatest(db);
        return await prepare(db);
      } finally {
        await sql`select pg_advisory_unlock(${STARTUP_LOCK})`.execute(locked);
      }
    });
    return { store: { db, dialect: 'postgres', where, close: () => db.destroy() }, prepared };
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw error;
  }
}

function oneLine(error: unknown): string {
  // pg reports a refused connection as an AggregateError (one per address tried) with no message of its own.
  if (error instanceof AggregateError && error.errors.length > 0) return oneLine(error.errors[0]);
  const message = error instanceof Error ? error.message || error.name : String(error);
  return message.replace(/\s+/g, ' ').trim();
}
