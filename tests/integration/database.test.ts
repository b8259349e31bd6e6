import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { DEMO } from '../../src/server/seed.js';
import { codeOf, connect } from '../support/clients.js';
import { createTestDatabase, onPostgres, openDatabaseOf, testDatabaseUrl } from '../support/database.js';
import { startTestServer } from '../support/server.js';

const dir = mkdtempSync(join(tmpdir(), 'shopwire-database-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `src/server/main.ts` as `npm run serve` starts it, until it exits. */
function runMain(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: { ...process.env, PORT: '0', SEED_DEMO: 'false', DATABASE_PATH: join(dir, 'unused.sqlite'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('a database that cannot be used stops start-up at once, with one line that says why', () => {
  it('a database that does not answer (nothing listens there); the password is never printed', async () => {
    const result = await runMain({ DATABASE_URL: 'postgres://shop:secret-pass@127.0.0.1:1/shopwire' });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('Shopwire failed to start: Cannot reach PostgreSQL at postgres://shop@127.0.0.1:1/shopwire: connect ECONNREFUSED 127.0.0.1:1\n');
  });

  it('a URL that is not PostgreSQL’s', async () => {
    const result = await runMain({ DATABASE_URL: 'mysql://127.0.0.1/shop' });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Shopwire failed to start: Invalid environment:\n  DATABASE_URL: DATABASE_URL must be a PostgreSQL URL: postgres://user:password@host:5432/database\n',
    );
  });

  it.skipIf(!onPostgres)('a PostgreSQL server that answers, without the database named', async () => {
    const url = new URL(testDatabaseUrl ?? '');
    url.pathname = '/shopwire_no_such_database';
    const result = await runMain({ DATABASE_URL: url.toString() });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Shopwire failed to start: Cannot reach PostgreSQL at \S+\/shopwire_no_such_database: database "shopwire_no_such_database" does not exist\n$/);
  });
});

it('two sign-ups with one email at the same moment make one account; the other is told CONFLICT', async () => {
  await using server = await startTestServer();
  const clients = [connect(server.url, null, 'http'), connect(server.url, null, 'http'), connect(server.url)];
  const email = `twice-${Date.now()}@example.test`;
  const outcomes = await Promise.allSettled(clients.map((c) => c.api.auth.register.mutate({ email, password: 'password-123', name: 'Twice', role: 'buyer' })));
  expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
  for (const outcome of outcomes) if (outcome.status === 'rejected') expect(codeOf(outcome.reason)).toBe('CONFLICT');
  const { rows } = await sql<{ n: number }>`select count(*) as n from users where email = ${email}`.execute(server.app.deps.db);
  expect(rows[0]?.n).toBe(1);
  await Promise.all(clients.map((c) => c.close()));
});

describe.skipIf(!onPostgres)('several instances on one PostgreSQL database', () => {
  it('three starting at once against an empty database migrate it once, seed it once, and accept each other’s tokens', async () => {
    await using database = await createTestDatabase({ dir, migrated: false });
    const config = loadConfig({ PORT: '0', ...database.env, SEED_DEMO: 'true', LOG_LEVEL: 'silent', STATIC_DIR: join(dir, 'no-client') });
    const apps: App[] = [];
    try {
      const started = await Promise.allSettled([1, 2, 3].map(() => startApp({ config, logger: pino({ level: 'silent' }) })));
      for (const outcome of started) if (outcome.status === 'fulfilled') apps.push(outcome.value);
      expect(started.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      expect(apps.filter((app) => app.seeded)).toHaveLength(1);

      const db = openDatabaseOf(database.env);
      try {
        const migrations = await sql<{ name: string; n: number }>`select name, count(*) as n from kysely_migration group by name`.execute(db);
        expect(migrations.rows.length).toBeGreaterThan(0);
        expect(migrations.rows.every((r) => r.n === 1)).toBe(true);
        expect(await db.selectFrom('users').select('email').where('email', '=', DEMO.seller.email).execute()).toHaveLength(1);
        expect(await db.selectFrom('shops').select('id').execute()).toHaveLength(1);
      } finally {
        await db.destroy();
      }

      // Signed in on one, recognised by the others: they share the signing secret through the database.
      const [first, second, third] = apps.map((app) => app.url);
      await using anon = connect(first ?? '', null, 'http');
      const { token } = await anon.api.auth.login.mutate({ email: DEMO.seller.email, password: DEMO.seller.password });
      for (const url of [second, third]) {
        await using signedIn = connect(url ?? '', token, 'http');
        expect((await signedIn.api.auth.me.query()).email).toBe(DEMO.seller.email);
      }
    } finally {
      await Promise.all(apps.map((app) => app.stop()));
    }
  });
});
