import { spawn } from 'node:child_process';
import { expect, it } from 'vitest';
import { freePort } from '../support/process.js';

it('an unreachable broker at start stops the server at once with one clear line', async () => {
  const closedPort = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    // The broker is checked before the database is opened: this database need not exist either.
    env: { ...process.env, PORT: '0', SEED_DEMO: 'false', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/shopwire_never_made', BUS_URL: `redis://127.0.0.1:${closedPort}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code).toBe(1);
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^Shopwire failed to start: BUS_URL: cannot reach the broker at redis://127\\.0\\.0\\.1:${closedPort}`));
});
