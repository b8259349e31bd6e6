import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { startApp, type App } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { createTestDatabase } from './database.js';

export interface TestServer extends AsyncDisposable {
  app: App;
  url: string;
  dir: string;
  /** The SQLite file (SQLite runs only: tests of the file itself are skipped on PostgreSQL). */
  databasePath: string;
  /** The variables that name this server's database, for a second app or a restart on the same data. */
  databaseEnv: Record<string, string>;
}

/**
 * The real app on a random port with a database of its own: a SQLite file, or a fresh
 * PostgreSQL database under `npm run test:pg` (tests/support/database.ts); dispose to stop it
 * and delete the database.
 */
export async function startTestServer(env: Record<string, string> = {}, { logger = pino({ level: 'silent' }) }: { logger?: Logger } = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'shopwire-test-'));
  const databasePath = join(dir, 'shop.sqlite');
  const database = await createTestDatabase({ dir });
  const config = loadConfig({ PORT: '0', SEED_DEMO: 'false', LOG_LEVEL: 'silent', STATIC_DIR: join(dir, 'no-client'), ...database.env, ...env });
  const app = await startApp({ config, logger });
  return {
    app,
    url: app.url,
    dir,
    databasePath,
    databaseEnv: database.env,
    async [Symbol.asyncDispose]() {
      await app.stop();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
