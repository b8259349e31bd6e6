import { spawn } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import { pino } from 'pino';
import { expect, it } from 'vitest';
import { startApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { connect } from '../support/clients.js';
import { setupShop } from '../support/fixtures.js';
import { onPostgres } from '../support/database.js';
import { startTestServer } from '../support/server.js';

/** `npm run backup -- <file>` minus the build: the same entry point, from sources. */
function runBackup(databasePath: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/backup.ts', ...args], {
    env: { ...process.env, DATABASE_PATH: databasePath, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

// `npm run backup` copies a SQLite file (VACUUM INTO); PostgreSQL has pg_dump. These run on SQLite
// only, and are skipped under `npm run test:pg`.
it.skipIf(onPostgres)('copies the live database while orders keep committing: a consistent, checked snapshot', async () => {
  await using server = await startTestServer({ CALLS_PER_SECOND: '0' });
  await using shop = await setupShop(server.url, [{ stock: 100_000 }]);
  const productId = shop.products[0]?.id ?? '';
  let placing = true;
  let placed = 0;
  const orders = (async () => {
    while (placing) {
      await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity: 1 }] });
      placed++;
    }
  })();
  await expect.poll(() => placed).toBeGreaterThan(20);
  const placedBefore = placed;
  // Into a folder that does not exist yet, as the README's command does on a fresh checkout.
  const target = join(server.dir, 'backups', 'backup.sqlite');
  const result = await runBackup(server.databasePath, [target]);
  const placedAfter = placed;
  placing = false;
  await orders;

  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^Backed up .+ to .+backup\.sqlite: [\d,]+ bytes, [\d,]+ orders, events up to #\d+\. Integrity check: ok\.\n$/);
  // The orders kept coming during the copy, and the copy holds a moment between its start and end.
  expect(placedAfter).toBeGreaterThan(placedBefore);
  const copy = new SQLite(target, { readonly: true });
  try {
    const count = (sql: string) => (copy.prepare(sql).get() as { n: number }).n;
    const inCopy = count('SELECT count(*) AS n FROM orders');
    expect(inCopy).toBeGreaterThanOrEqual(placedBefore);
    expect(inCopy).toBeLessThanOrEqual(placedAfter + 1);
    // One commit's worth of everything: each order has its line, its stock movement and its status event.
    expect(count('SELECT count(*) AS n FROM order_items')).toBe(inCopy);
    expect(count("SELECT count(*) AS n FROM stock_movements WHERE reason = 'order'")).toBe(inCopy);
    expect(count("SELECT count(*) AS n FROM orders o WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.topic = 'order:' || o.id)")).toBe(0);
    expect(count('SELECT stock AS n FROM products')).toBe(100_000 - inCopy);
    expect(result.stdout).toContain(`${inCopy.toLocaleString('en-US')} orders`);
  } finally {
    copy.close();
  }

  // Restored as the README says (the copy, and jwt-secret beside it): a server started on it serves the same shop.
  copyFileSync(join(server.dir, 'jwt-secret'), join(dirname(target), 'jwt-secret'));
  const config = loadConfig({ PORT: '0', DATABASE_PATH: target, SEED_DEMO: 'false', LOG_LEVEL: 'silent', STATIC_DIR: join(server.dir, 'no-client') });
  const restored = await startApp({ config, logger: pino({ level: 'silent' }) });
  try {
    await using seller = connect(restored.url, shop.sellerToken);
    const stats = await seller.api.dashboard.stats.query({ shopId: shop.shopId });
    const copied = Number(/([\d,]+) orders/.exec(result.stdout)?.[1]?.replaceAll(',', ''));
    expect(stats.orderCount).toBe(copied);
    expect(stats.cursor).toBe(/events up to #(\d+)/.exec(result.stdout)?.[1]);
  } finally {
    await restored.stop();
  }
});

it.skipIf(onPostgres)('refuses to overwrite a file, and explains a missing argument or database, changing nothing', async () => {
  await using server = await startTestServer();
  const existing = join(server.dir, 'last-good.sqlite');
  writeFileSync(existing, 'the last good backup');

  const overwrite = await runBackup(server.databasePath, [existing]);
  expect(overwrite.code).toBe(2);
  expect(overwrite.stderr).toMatch(/^Backup failed: .+last-good\.sqlite already exists; choose a new file\n$/);
  expect(readFileSync(existing, 'utf8')).toBe('the last good backup');

  const usage = await runBackup(server.databasePath, []);
  expect(usage.code).toBe(2);
  expect(usage.stderr).toMatch(/^usage: npm run backup -- <new file>/);

  const blocked = await runBackup(server.databasePath, [join(existing, 'copy.sqlite')]);
  expect(blocked.code).toBe(2);
  expect(blocked.stderr).toMatch(/^Backup failed: Could not make the folder for .+last-good\.sqlite\/copy\.sqlite: E[A-Z]+: /);

  const missing = await runBackup(join(server.dir, 'nope.sqlite'), [join(server.dir, 'copy.sqlite')]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/^Backup failed: No database at .+nope\.sqlite\n$/);

  // A stopped server's database backs up the same way.
  await server.app.stop();
  const cold = await runBackup(server.databasePath, [join(server.dir, 'cold.sqlite')]);
  expect(cold.code).toBe(0);
});

it('refuses to run against PostgreSQL, pointing to its own tools', async () => {
  const result = await runBackup('unused.sqlite', ['copy.sqlite'], { DATABASE_URL: 'postgres://127.0.0.1:1/none' });
  expect(result).toMatchObject({ code: 2, stdout: '' });
  expect(result.stderr).toBe('Backup failed: DATABASE_URL is set: this copies a SQLite database; back PostgreSQL up with its own tools (pg_dump)\n');
});
