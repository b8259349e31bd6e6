import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { startApp, type App } from '../../src/server/app.js';
import type { Clock } from '../../src/server/clock.js';
import { loadConfig } from '../../src/server/config.js';

export interface TestServer extends AsyncDisposable {
  app: App;
  url: string;
  dir: string;
  databasePath: string;
}

export interface TestServerOptions {
  logger?: Logger;
  /** The server's clock (tests/support/clock.ts), for work that falls due at a time. */
  clock?: Clock;
  /** Start on the database of a server stopped before (its `dir`) rather than a new one: a restart. */
  dir?: string;
}

/** The real app on a random port with its own SQLite file; dispose to stop it and delete the file. */
export async function startTestServer(env: Record<string, string> = {}, { logger = pino({ level: 'silent' }), clock, dir: reuse }: TestServerOptions = {}): Promise<TestServer> {
  const dir = reuse ?? mkdtempSync(join(tmpdir(), 'shopwire-test-'));
  const databasePath = join(dir, 'shop.sqlite');
  const config = loadConfig({ PORT: '0', DATABASE_PATH: databasePath, SEED_DEMO: 'false', LOG_LEVEL: 'silent', STATIC_DIR: join(dir, 'no-client'), ...env });
  const app = await startApp({ config, logger, ...(clock ? { clock } : {}) });
  return {
    app,
    url: app.url,
    dir,
    databasePath,
    async [Symbol.asyncDispose]() {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
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
