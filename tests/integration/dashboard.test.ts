import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect, errorCode, registerSeller, type TestClient } from '../support/clients.js';
import { setupShop, type ShopFixture } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let shop: ShopFixture;
let anon: TestClient;

beforeAll(async () => {
  server = await startTestServer();
  shop = await setupShop(server.url, [
    { priceCents: 2000, costCents: 1500, stock: 10, lowStockThreshold: 5 },
    { priceCents: 500, costCents: 100, stock: 3, lowStockThreshold: 5 },
  ]);
  anon = connect(server.url);
});
afterAll(async () => {
  await anon.close();
  await shop[Symbol.asyncDispose]();
  await server[Symbol.asyncDispose]();
});

it('counts orders, revenue, profit and low-stock products; a cancelled order leaves the figures', async () => {
  const [a, b] = shop.products;
  const empty = await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId });
  expect(empty).toMatchObject({ orderCount: 0, revenueCents: 0, profitCents: 0, lowStockCount: 1 });
  const first = await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: a?.id ?? '', quantity: 6 }] });
  await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: b?.id ?? '', quantity: 1 }] });
  const stats = await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId });
  expect(stats).toMatchObject({ orderCount: 2, revenueCents: 12_000 + 500, profitCents: 3_000 + 400, lowStockCount: 2 });
  expect(Number(stats.cursor)).toBeGreaterThan(Number(empty.cursor));
  await shop.seller.api.order.updateStatus.mutate({ orderId: first.id, status: 'cancelled' });
  expect(await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId })).toMatchObject({
    orderCount: 1,
    revenueCents: 500,
    profitCents: 400,
    lowStockCount: 1,
  });
});

it('answers UNAUTHORIZED, FORBIDDEN, NOT_FOUND and BAD_REQUEST as the contract says', async () => {
  const other = await registerSeller(anon.api);
  await using otherSeller = connect(server.url, other.token);
  expect(await errorCode(anon.api.dashboard.stats.query({ shopId: shop.shopId }))).toBe('UNAUTHORIZED');
  expect(await errorCode(shop.buyer.api.dashboard.stats.query({ shopId: shop.shopId }))).toBe('FORBIDDEN');
  expect(await errorCode(otherSeller.api.dashboard.stats.query({ shopId: shop.shopId }))).toBe('FORBIDDEN');
  expect(await errorCode(shop.seller.api.dashboard.stats.query({ shopId: 'nope' }))).toBe('NOT_FOUND');
  expect(await errorCode(shop.seller.api.dashboard.stats.query({ shopId: '' }))).toBe('BAD_REQUEST');
  expect(await errorCode(shop.seller.api.dashboard.stats.query({} as never))).toBe('BAD_REQUEST');
});
