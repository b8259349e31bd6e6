import { statSync } from 'node:fs';
import { expect, it } from 'vitest';
import { transact } from '../../src/server/events/transact.js';
import { onPostgres } from '../support/database.js';
import { startTestServer } from '../support/server.js';
import { eventually } from '../support/subscriptions.js';

// SQLite's WAL checkpointer (db/checkpointer.ts): PostgreSQL checkpoints by itself, so this is skipped under `npm run test:pg`.
it.skipIf(onPostgres)('copies committed pages from the WAL into the database file off the event loop', async () => {
  await using server = await startTestServer();
  // Let the first checkpoint after migrations land, then measure from there.
  await new Promise((r) => setTimeout(r, 600));
  const before = statSync(server.databasePath).size;
  const payload = { text: 'x'.repeat(4000) };
  for (let i = 0; i < 50; i++) {
    await transact(server.app.deps, (_trx, emit) => {
      for (let j = 0; j < 10; j++) emit({ topic: 'load', type: 'note', payload });
      return Promise.resolve();
    });
  }
  // Auto-checkpoint is off on the serving connection, so only the checkpointer can grow the file.
  await eventually(() => statSync(server.databasePath).size > before + 1_000_000, 5_000);
  expect(statSync(server.databasePath).size).toBeGreaterThan(before + 1_000_000);
});
