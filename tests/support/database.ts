import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../src/server/db/database.js';
import { openPostgres } from '../../src/server/db/postgres.js';

/**
 * Which database the tests run on: SQLite files (`npm test`), or PostgreSQL when
 * TEST_DATABASE_URL names a server to make databases on (`npm run test:pg`, see
 * tests/pgSetup.ts). Each test server or test database is a fresh database of its own.
 */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;
export const onPostgres = testDatabaseUrl !== undefined;

/** For `describe.skipIf(onPostgres)`: tests of what only SQLite has (its file, WAL, VACUUM INTO). */
export const sqliteOnly = onPostgres;

export interface TestDatabase extends AsyncDisposable {
  /** What names it to the server: `DATABASE_PATH` or `DATABASE_URL`. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

let counter = 0;
let admin: pg.Pool | undefined;

function adminPool(): pg.Pool {
  admin ??= new pg.Pool({ connectionString: testDatabaseUrl, max: 2 });
  return admin;
}

/** A database URL like TEST_DATABASE_URL, naming another database on the same server. */
function urlFor(database: string): string {
  const url = new URL(testDatabaseUrl ?? '');
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * A new database. On PostgreSQL it is a copy of the template the run migrated once
 * (`migrated: false`: an empty one, for tests of the migrations themselves); on SQLite, a file
 * in a new folder (`dir`), which the server migrates as it starts.
 */
export async function createTestDatabase({ dir, migrated = true }: { dir: string; migrated?: boolean }): Promise<TestDatabase> {
  if (!onPostgres) {
    return withDispose({ env: { DATABASE_PATH: join(dir, 'shop.sqlite') }, drop: () => Promise.resolve() });
  }
  const name = `shopwire_${inject('pgRun')}_${process.pid}_${++counter}`;
  const template = migrated ? inject('pgTemplate') : 'template0';
  await adminPool().query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  return withDispose({
    env: { DATABASE_URL: urlFor(name) },
    // Dropping waits for a checkpoint; nobody needs to wait for it (tests/pgSetup.ts drops leftovers at the end).
    drop: () => {
      void adminPool()
        .query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
        .catch(() => undefined);
      return Promise.resolve();
    },
  });
}

function withDispose(database: Omit<TestDatabase, typeof Symbol.asyncDispose>): TestDatabase {
  return { ...database, [Symbol.asyncDispose]: () => database.drop() };
}

/** Another connection to a test database a server uses (its `databaseEnv`), to look at the rows themselves. */
export function openDatabaseOf(env: Record<string, string>): Db {
  const url = env.DATABASE_URL;
  return url ? openPostgres(url, { poolSize: 2, onPoolError: () => undefined }) : openDatabase(env.DATABASE_PATH ?? '');
}

/**
 * A database opened directly, without a server (unit tests of the data layer), migrated unless
 * `migrated: false` (tests of a migration); dispose to close and delete it.
 */
export async function openTestDatabase({ migrated = true }: { migrated?: boolean } = {}): Promise<{ db: Db; env: Record<string, string> } & AsyncDisposable> {
  const dir = mkdtempSync(join(tmpdir(), 'shopwire-db-'));
  const database = await createTestDatabase({ dir, migrated });
  const url = database.env.DATABASE_URL;
  const db = url ? openPostgres(url, { poolSize: 10, onPoolError: () => undefined }) : openDatabase(database.env.DATABASE_PATH ?? '');
  if (migrated) await migrateToLatest(db);
  return {
    db,
    env: database.env,
    async [Symbol.asyncDispose]() {
      await db.destroy();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string;
    pgRun: string;
  }
}
