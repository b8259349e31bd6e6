import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateToLatest } from '../src/server/db/database.js';
import { openPostgres } from '../src/server/db/postgres.js';

/**
 * `npm run test:pg`: with TEST_DATABASE_URL set, the run migrates one template database with the
 * real migrations, and every test server gets a fresh copy of it (CREATE DATABASE … TEMPLATE, a
 * file copy: far quicker than migrating each anew). At the end, whatever databases the run made
 * are dropped. Without TEST_DATABASE_URL (`npm test`) this does nothing.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    project.provide('pgTemplate', '');
    project.provide('pgRun', '');
    return undefined;
  }
  const admin = new pg.Client({ connectionString: url });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`TEST_DATABASE_URL: cannot reach PostgreSQL (${(error as Error).message || String(error)})`, { cause: error });
  }
  const run = process.pid;
  await dropDatabases(admin, (owner) => owner === run || !isAlive(owner));
  const template = `shopwire_${run}_template`;
  await admin.query(`CREATE DATABASE ${template} TEMPLATE template0`);
  const templateUrl = new URL(url);
  templateUrl.pathname = `/${template}`;
  const db = openPostgres(templateUrl.toString(), { poolSize: 2, onPoolError: () => undefined });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  project.provide('pgTemplate', template);
  project.provide('pgRun', String(run));
  return async () => {
    await dropDatabases(admin, (owner) => owner === run);
    await admin.end();
  };
}

/** Databases this run made (shopwire_<run pid>_…), or runs that died before their end made. */
async function dropDatabases(admin: pg.Client, whose: (runPid: number) => boolean): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname ~ '^shopwire_[0-9]+_'");
  for (const { datname } of rows) {
    if (whose(Number(datname.split('_')[1]))) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
