import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect, registerBuyer } from '../support/clients.js';
import { setupShop } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server[Symbol.asyncDispose]();
});

it('20 buyers racing for the last 5 units: exactly 5 orders, stock 0, never negative', async () => {
  await using shop = await setupShop(server.url, [{ name: 'Limited', stock: 5 }]);
  const productId = shop.products[0]?.id ?? '';
  const buyers = await Promise.all(
    Array.from({ length: 20 }, async (_, i) => {
      const { token } = await registerBuyer(shop.buyer.api);
      // Half over the WebSocket, half over HTTP: both paths meet the same guard.
      return connect(server.url, token, i % 2 === 0 ? 'ws' : 'http');
    }),
  );
  const results = await Promise.allSettled(
    buyers.map((b) => b.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity: 1 }] })),
  );
  const won = results.filter((r) => r.status === 'fulfilled');
  const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  expect(won).toHaveLength(5);
  expect(lost).toHaveLength(15);
  for (const r of lost) expect((r.reason as { data?: { code?: string } }).data?.code).toBe('CONFLICT');

  const [product] = await shop.buyer.api.product.list.query({ shopId: shop.shopId });
  expect(product?.stock).toBe(0);
  const db = server.app.deps.db;
  const one = async (query: RawBuilder<unknown>) => (await query.execute(db)).rows[0];
  const movements = await one(sql`select sum(delta) as total, count(*) as n from stock_movements where product_id = ${productId} and kind = 'order'`);
  const orders = await one(sql`select count(*) as n from orders where shop_id = ${shop.shopId}`);
  const outOfStock = await one(sql`select count(*) as n from events where topic = ${`shop:${shop.shopId}`} and type = 'out_of_stock'`);
  expect(movements).toEqual({ total: -5, n: 5 });
  expect(orders).toEqual({ n: 5 });
  expect(outOfStock).toEqual({ n: 1 });
  // PostgreSQL: orders of one product queue on its row (READ COMMITTED and a guarded UPDATE)
  // rather than failing serialization and running again; SQLite never retries.
  expect(await commitRetries()).toBe(0);
  await Promise.all(buyers.map((b) => b.close()));
});

it('one new idempotency key sent six times at once: one order, every answer is it, one unit of stock taken', async () => {
  await using shop = await setupShop(server.url, [{ name: 'Kettle', stock: 10 }]);
  const productId = shop.products[0]?.id ?? '';
  const input = { shopId: shop.shopId, items: [{ productId, quantity: 1 }], idempotencyKey: 'double-click' };
  // Each call on its own connection, so they really are in flight together.
  const tabs = Array.from({ length: 6 }, () => connect(server.url, shop.buyerToken, 'ws'));
  const answers = await Promise.all(tabs.map((tab) => tab.api.order.place.mutate(input)));
  expect(new Set(answers.map((a) => a.id)).size).toBe(1);
  const db = server.app.deps.db;
  expect(Number((await sql<{ n: number }>`select count(*) as n from orders where shop_id = ${shop.shopId}`.execute(db)).rows[0]?.n)).toBe(1);
  const [product] = await shop.buyer.api.product.list.query({ shopId: shop.shopId });
  expect(product?.stock).toBe(9);
  await Promise.all(tabs.map((tab) => tab.close()));
});

async function commitRetries(): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('shopwire_commit_retries_total'))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

it('the stock column itself refuses a negative value, whatever the code does', async () => {
  await using shop = await setupShop(server.url, [{ stock: 1 }]);
  const productId = shop.products[0]?.id ?? '';
  await expect(server.app.deps.db.updateTable('products').set({ stock: -1 }).where('id', '=', productId).execute()).rejects.toThrow(/CHECK constraint|violates check constraint/);
  await using anon = connect(server.url);
  expect((await anon.api.product.list.query({ shopId: shop.shopId }))[0]?.stock).toBe(1);
});
