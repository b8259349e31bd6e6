import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { DashboardEvent } from '../../src/shared/events.js';
import { connect, registerBuyer, registerSeller } from '../support/clients.js';
import { createTestDatabase, openDatabaseOf, type TestDatabase } from '../support/database.js';
import { exited, freePort, spawnServer, type ServerProcess } from '../support/process.js';
import { collect, eventually } from '../support/subscriptions.js';

const dir = mkdtempSync(join(tmpdir(), 'shopwire-crash-'));
const running: ServerProcess[] = [];
let database: TestDatabase | undefined;
afterAll(async () => {
  for (const p of running) p.child.kill('SIGKILL');
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

// Two real server processes start in turn (18 s alone on a quiet machine; over 30 s under a full CI's load): a budget of its own.
it('after kill -9 mid-traffic, every committed order and its events come back to the dashboard, in order, once', async () => {
  // SQLite's WAL or PostgreSQL's: whatever was answered as committed survives the kill.
  database = await createTestDatabase({ dir });
  const env = { PORT: String(await freePort()), ...database.env };
  const first = await spawnServer(env);
  running.push(first);

  await using anon = connect(first.url, null, 'http');
  const seller = await registerSeller(anon.api);
  const buyer = await registerBuyer(anon.api);
  await using sellerHttp = connect(first.url, seller.token, 'http');
  const product = await sellerHttp.api.product.create.mutate({ shopId: seller.shopId, name: 'Beans', sku: 'B', priceCents: 500, costCents: 200, stock: 10_000 });
  const { cursor } = await sellerHttp.api.dashboard.stats.query({ shopId: seller.shopId });

  await using viewer = connect(first.url, seller.token);
  const dash = collect<DashboardEvent>((h) => viewer.api.dashboard.onDashboardUpdate.subscribe({ shopId: seller.shopId, lastEventId: cursor }, h));
  await dash.started;

  await using buyerHttp = connect(first.url, buyer.token, 'http');
  const place = () => buyerHttp.api.order.place.mutate({ shopId: seller.shopId, items: [{ productId: product.id, quantity: 1 }] });
  const confirmed: string[] = [];
  for (let i = 0; i < 5; i++) confirmed.push((await place()).id);
  await dash.waitFor(10);

  // A burst in flight when the process dies: some commit, some never do.
  const burst = Array.from({ length: 20 }, () => place().then((o) => confirmed.push(o.id), () => undefined));
  await eventually(() => confirmed.length >= 8);
  first.child.kill('SIGKILL');
  expect(await exited(first.child)).toMatchObject({ signal: 'SIGKILL' });
  await Promise.all(burst);

  const second = await spawnServer(env);
  running.push(second);
  // The old secret is kept beside the database, so the same tokens still work after the restart.
  for (let i = 0; i < 3; i++) confirmed.push((await place()).id);

  const db = openDatabaseOf(database.env);
  const rows = await db.selectFrom('events').select(['id', 'type']).where('topic', '=', `shop:${seller.shopId}`).where('id', '>', Number(cursor)).orderBy('id').execute();
  const committed = (await db.selectFrom('orders').select('id').where('shop_id', '=', seller.shopId).execute()).map((r) => r.id);
  await db.destroy();

  expect(committed).toEqual(expect.arrayContaining(confirmed));
  await dash.waitFor(rows.length, 15_000);
  await new Promise((r) => setTimeout(r, 200));
  expect(dash.events.map((e) => Number(e.id))).toEqual(rows.map((r) => r.id));
  expect(dash.events.map((e) => e.data.type)).toEqual(rows.map((r) => r.type));
  const delivered = dash.events.flatMap((e) => (e.data.type === 'new_order' ? [e.data.order.id] : []));
  expect([...delivered].sort()).toEqual([...committed].sort());
  dash.unsubscribe();

  second.child.kill('SIGTERM');
  expect(await exited(second.child)).toEqual({ code: 0, signal: null });
}, 120_000);
