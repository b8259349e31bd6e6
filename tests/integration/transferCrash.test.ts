import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { codeOf, connect, registerSeller } from '../support/clients.js';
import { exited, freePort, spawnServer, type ServerProcess } from '../support/process.js';
import { eventually } from '../support/subscriptions.js';

const dir = mkdtempSync(join(tmpdir(), 'shopwire-transfer-crash-'));
const running: ServerProcess[] = [];
afterAll(() => {
  for (const p of running) p.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const OPENING = 1_000;

interface Row {
  id: string;
  quantity: number;
  status: string;
}

/** What the database holds after the crash: stock on both sides, the transfers, and each transfer's ledger rows. */
function readBack(databasePath: string, products: { a: string; b: string }) {
  const db = new Database(databasePath, { readonly: true });
  try {
    const stock = (id: string) => (db.prepare('select stock from products where id = ?').get(id) as { stock: number }).stock;
    const ledgerSum = (id: string) => (db.prepare('select coalesce(sum(delta), 0) as s from stock_movements where product_id = ?').get(id) as { s: number }).s;
    const transfers = db.prepare('select id, quantity, status from transfers order by sent_at, id').all() as Row[];
    const rowsOf = (transferId: string, productId: string) =>
      db.prepare("select delta from stock_movements where transfer_id = ? and product_id = ? and kind = 'transfer'").all(transferId, productId) as { delta: number }[];
    return {
      a: stock(products.a),
      b: stock(products.b),
      ledgerA: ledgerSum(products.a),
      ledgerB: ledgerSum(products.b),
      transfers: transfers.map((t) => ({ ...t, out: rowsOf(t.id, products.a), in: rowsOf(t.id, products.b) })),
    };
  } finally {
    db.close();
  }
}

it('a server killed between sending and receiving (and mid-burst) loses nothing and counts nothing twice', async () => {
  const env = { PORT: String(await freePort()), DATABASE_PATH: join(dir, 'shop.sqlite') };
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
  const after = readBack(env.DATABASE_PATH, products);
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
  const final = readBack(env.DATABASE_PATH, products);
  expect([final.ledgerA, final.ledgerB]).toEqual([a, b]);
  expect(final.transfers.every((t) => t.status === 'received' && t.in.length === 1 && t.out.length === 1)).toBe(true);

  second.child.kill('SIGTERM');
  expect(await exited(second.child)).toEqual({ code: 0, signal: null });
});
