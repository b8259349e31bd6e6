import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROKEN_TEXT_MESSAGE } from '../../src/shared/text.js';
import { connect, zodIssues, type TestClient } from '../support/clients.js';
import { setupShop, type ShopFixture } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

// Half of a surrogate pair: valid in a JS string, impossible in UTF-8.
const BROKEN = 'Bad \uD800 name';

let server: TestServer;
let shop: ShopFixture;
let anon: TestClient;

beforeAll(async () => {
  server = await startTestServer();
  shop = await setupShop(server.url);
  anon = connect(server.url);
});
afterAll(async () => {
  await anon.close();
  await shop[Symbol.asyncDispose]();
  await server[Symbol.asyncDispose]();
});

async function rowCounts() {
  const count = async (table: 'users' | 'shops' | 'products' | 'stock_movements' | 'orders') =>
    Number((await server.app.deps.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { users: await count('users'), shops: await count('shops'), products: await count('products'), movements: await count('stock_movements'), orders: await count('orders') };
}

const brokenAt = (path: string): unknown[] => [expect.objectContaining({ path: [path], message: BROKEN_TEXT_MESSAGE })];

describe('text with a lone surrogate', () => {
  it('is refused in every free-text field with one clear issue, and nothing is stored', async () => {
    const productId = shop.products[0]?.id ?? '';
    const product = { shopId: shop.shopId, name: 'Socks', sku: 'SOCK-1', priceCents: 100, costCents: 50, stock: 1 };
    const register = { email: 'broken@example.test', password: 'password-123', name: 'Someone', role: 'seller' as const, shopName: 'A shop' };
    const before = await rowCounts();

    expect(await zodIssues(anon.api.auth.register.mutate({ ...register, name: BROKEN }))).toEqual(brokenAt('name'));
    expect(await zodIssues(anon.api.auth.register.mutate({ ...register, shopName: BROKEN }))).toEqual(brokenAt('shopName'));
    expect(await zodIssues(anon.api.auth.register.mutate({ ...register, password: `password-${BROKEN}` }))).toEqual(brokenAt('password'));
    expect(await zodIssues(anon.api.auth.register.mutate({ ...register, email: `a\uDC00b@example.test` }))).toEqual(brokenAt('email'));
    expect(await zodIssues(anon.api.auth.login.mutate({ email: `a\uDC00b@example.test`, password: 'password-123' }))).toEqual(brokenAt('email'));
    expect(await zodIssues(shop.seller.api.shop.create.mutate({ name: BROKEN }))).toEqual(brokenAt('name'));
    expect(await zodIssues(shop.seller.api.product.create.mutate({ ...product, name: BROKEN }))).toEqual(brokenAt('name'));
    expect(await zodIssues(shop.seller.api.product.create.mutate({ ...product, sku: BROKEN }))).toEqual(brokenAt('sku'));
    expect(await zodIssues(shop.seller.api.product.update.mutate({ productId, name: BROKEN }))).toEqual(brokenAt('name'));
    expect(await zodIssues(shop.seller.api.inventory.adjust.mutate({ productId, delta: 1, reason: BROKEN }))).toEqual(brokenAt('reason'));
    expect(
      await zodIssues(shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity: 1 }], idempotencyKey: `key-\uD83E` })),
    ).toEqual(brokenAt('idempotencyKey'));

    expect(await rowCounts()).toEqual(before);
    expect(await shop.seller.api.product.list.query({ shopId: shop.shopId })).toEqual(shop.products);
  });

  it('is not confused with a whole pair: an emoji is stored and answered as sent', async () => {
    const name = 'Socks \u{1F9E6} for feet';
    const created = await shop.seller.api.product.create.mutate({ shopId: shop.shopId, name, sku: 'SOCK-\u{1F9E6}', priceCents: 100, costCents: 50, stock: 1 });
    expect(created.name).toBe(name);
    const listed = (await shop.seller.api.product.list.query({ shopId: shop.shopId })).find((p) => p.id === created.id);
    expect(listed).toMatchObject({ name, sku: 'SOCK-\u{1F9E6}' });
  });
});
