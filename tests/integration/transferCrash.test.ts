import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { codeOf, connect, registerSeller } from '../support/clients.js';
import { createTestDatabase, openDatabaseOf, type TestDatabase } from '../support/database.js';
import { exited, freePort, spawnServer, type ServerProcess } from '../support/process.js';
import { eventually } from '../support/subscriptions.js';

const dir = mkdtempSync(join(tmpdir(), 'shopwire-transfer-crash-'));
const running: ServerProcess[] = [];
let database: TestDatabase | undefined;
afterAll(async () => {
  for (const p of running) p.child.kill('SIGKILL');
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const OPENING = 1_000;

interface Row {
  id: string;
  quantity: number;
  status: string;
}

/** What the database holds after the crash: stock on both sides, the transfers, and each transfer's ledger rows. */
async function readBack(env: Record<string, string>, products: { a: string; b: string }) {
  const db = openDatabaseOf(env);
  try {
    const stock = async (id: string) => (await db.selectFrom('products').select('stock').where('id', '=', id).executeTakeFirstOrThrow()).stock;
    const ledgerSum = async (id: string) =>
      (await db.selectFrom('stock_movements').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('delta'), eb.lit(0)).as('s')).where('product_id', '=', id).executeTakeFirstOrThrow()).s;
    const transfers: Row[] = await db.selectFrom('transfers').select(['id', 'quantity', 'status']).orderBy('sent_at').orderBy('id').execute();
    const rowsOf = (transferId: string, productId: string) =>
      db.selectFrom('stock_movements').select('delta').where('transfer_id', '=', transferId).where('product_id', '=', productId).where('kind', '=', 'transfer').execute();
    return {
      a: await stock(products.a),
      b: await stock(products.b),
      ledgerA: await ledgerSum(products.a),
      ledgerB: await ledgerSum(products.b),
      transfers: await Promise.all(transfers.map(async (t) => ({ ...t, out: await rowsOf(t.id, products.a), in: await rowsOf(t.id, products.b) }))),
    };
  } finally {
    await db.destroy();
  }
}

// Two real server processes start in turn (18 s alone on a quiet machine; over 30 s under a full CI's load): a budget of its own.
it('a server killed between sending and receiving (and mid-burst) loses nothing and counts nothing twice', async () => {
  database = await createTestDatabase({ dir });
  const env = { PORT: String(await freePort()), ...database.env };
  const first = await spawnServer(env);
  running.push(first);

  await using anon = connect(first.url, null, 'http');
  const seller = await registerSeller(anon.api);
  await using owner = connect(first.url, seller.token, 'http');
  const warehouse = await owner.api.shop.create.mutate({ name: 'Warehouse' });
  const beansA = await owner.api.product.create.mutate({ shopId: seller.shopId, name: 'Beans', sku: 'B-1', priceCents: 500, costCents: 200, stock: OPENING });
  const beansB = await owner.api.product.create.mutate({ shopId: warehouse.id, name: 'Beans', sku: 'B-1', priceCents: 500, costCents: 200, stock: 0 });
  const send = (quantity: number) => owner.api.inventory.transfer.mutate({ fromShopId: seller.shopId, toShopId: warehouse.id, sku: 'B-1', quantity });
  const receive = (transferId: string) => owner.api.inventory.receiveTransfer.mutate({ transferId });

  // Sent before the crash, received after it.
  const waiting = await send(10);
  const received = await send(20);
  await receive(received.id);

  // A burst of sends and receives in flight when the process dies: some commit, some never do.
  const answered: string[] = [];
  const burst = Array.from({ length: 30 }, (_, i) =>
    send(1 + (i % 3)).then(
      (t) => {
        answered.push(t.id);
        return i % 2 === 0 ? receive(t.id).then(() => undefined, () => undefined) : undefined;
      },
      () => undefined,
    ),
  );
  await eventually(() => answered.length >= 6);
  first.child.kill('SIGKILL');
  expect(await exited(first.child)).toMatchObject({ signal: 'SIGKILL' });
  await Promise.all(burst);

  const products = { a: beansA.id, b: beansB.id };
  const after = await readBack(database.env, products);
  // Every answered send committed; each transfer took its stock out exactly once, and went in at most once: once if and only if received.
  expect(after.transfers.map((t) => t.id)).toEqual(expect.arrayContaining([waiting.id, received.id, ...answered]));
  for (const t of after.transfers) {
    expect(t.out).toEqual([{ delta: -t.quantity }]);
    expect(t.in).toEqual(t.status === 'received' ? [{ delta: t.quantity }] : []);
  }
  const inTransit = after.transfers.filter((t) => t.status === 'in_transit').reduce((sum, t) => sum + t.quantity, 0);
  expect(after.a + after.b + inTransit).toBe(OPENING);
  expect([after.ledgerA, after.ledgerB]).toEqual([after.a, after.b]);

  const second = await spawnServer(env);
  running.push(second);
  await using again = connect(second.url, seller.token, 'http');
  const pending = (await again.api.inventory.transfers.query({ shopId: warehouse.id, status: 'in_transit' })).items;
  expect(pending.map((t) => t.id)).toContain(waiting.id);
  for (const t of pending) await again.api.inventory.receiveTransfer.mutate({ transferId: t.id });
  try {
    await again.api.inventory.receiveTransfer.mutate({ transferId: waiting.id });
    expect.unreachable('a second receipt must be refused');
  } catch (error) {
    expect(codeOf(error)).toBe('CONFLICT');
  }

  const stock = async (shopId: string) => (await again.api.product.list.query({ shopId }))[0]?.stock ?? NaN;
  const [a, b] = [await stock(seller.shopId), await stock(warehouse.id)];
  expect(a + b).toBe(OPENING);
  expect(b).toBe(after.transfers.reduce((sum, t) => sum + t.quantity, 0));
  const final = await readBack(database.env, products);
  expect([final.ledgerA, final.ledgerB]).toEqual([a, b]);
  expect(final.transfers.every((t) => t.status === 'received' && t.in.length === 1 && t.out.length === 1)).toBe(true);

  second.child.kill('SIGTERM');
  expect(await exited(second.child)).toEqual({ code: 0, signal: null });
}, 120_000);
