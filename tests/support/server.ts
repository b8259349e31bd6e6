import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { startApp, type App } from '../../src/server/app.js';
import type { Clock } from '../../src/server/clock.js';
import { loadConfig } from '../../src/server/config.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import type { PaymentProvider } from '../../src/server/payments/provider.js';

export interface TestServer extends AsyncDisposable {
  app: App;
  url: string;
  dir: string;
  /** The SQLite file (SQLite runs only: tests of the file itself are skipped on PostgreSQL). */
  databasePath: string;
  /** The variables that name this server's database, for a second app or a restart on the same data. */
  databaseEnv: Record<string, string>;
}

export interface TestServerOptions {
  logger?: Logger;
  /** The server's clock (tests/support/clock.ts), for work that falls due at a time. */
  clock?: Clock;
  /** Instead of the built-in test provider (tests use one that fails on purpose). */
  paymentProvider?: PaymentProvider;
  /**
   * Start on the database of a server stopped before (its `dir`) rather than a new one: a restart.
   * A folder given here is kept on dispose (its owner removes it, e.g. `testDir()`).
   */
  dir?: string;
}

/** Which database a test server's folder belongs to, so a restart (`dir`) finds it on either engine. */
const DATABASE_FILE = 'database.json';

/**
 * The real app on a random port with a database of its own: a SQLite file, or a fresh
 * PostgreSQL database under `npm run test:pg` (tests/support/database.ts); dispose to stop it
 * and delete the database.
 */
export async function startTestServer(env: Record<string, string> = {}, { logger = pino({ level: 'silent' }), clock, paymentProvider, dir: reuse }: TestServerOptions = {}): Promise<TestServer> {
  const dir = reuse ?? mkdtempSync(join(tmpdir(), 'shopwire-test-'));
  const databasePath = join(dir, 'shop.sqlite');
  let database: TestDatabase;
  if (reuse && existsSync(join(dir, DATABASE_FILE))) {
    database = JSON.parse(readFileSync(join(dir, DATABASE_FILE), 'utf8')) as TestDatabase;
  } else {
    database = await createTestDatabase({ dir });
    writeFileSync(join(dir, DATABASE_FILE), JSON.stringify({ env: database.env }));
  }
  const databaseEnv = database.env;
  const config = loadConfig({ PORT: '0', SEED_DEMO: 'false', LOG_LEVEL: 'silent', STATIC_DIR: join(dir, 'no-client'), ...databaseEnv, ...env });
  const app = await startApp({ config, logger, ...(clock ? { clock } : {}), ...(paymentProvider ? { paymentProvider } : {}) });
  return {
    app,
    url: app.url,
    dir,
    databasePath,
    databaseEnv,
    async [Symbol.asyncDispose]() {
      await app.stop();
      // A folder given by the test (a restart's) is its owner's to remove; tests/pgSetup.ts drops whatever database is left at the end of the run.
      if (!reuse) {
        rmSync(dir, { recursive: true, force: true });
        await database.drop();
      }
    },
  };
}

/** A clock a test sets: real time, or a fixed instant after `set(at)` (`set(null)` goes back to real time). Rows, events and tokens take their times from it. */
export function testClock(): Clock & { set(at: Date | null): void } {
  let fixed: Date | null = null;
  return {
    now: () => fixed ?? new Date(),
    set(at) {
      fixed = at;
    },
  };
}

/** A folder for servers that start one after another on the same database (restarts); removed on dispose. */
export function testDir(): { dir: string } & Disposable {
  const dir = mkdtempSync(join(tmpdir(), 'shopwire-test-'));
  return { dir, [Symbol.dispose]: () => rmSync(dir, { recursive: true, force: true }) };
}
