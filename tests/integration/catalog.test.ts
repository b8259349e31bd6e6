import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardEvent, StockEvent } from '../../src/shared/events.js';
import { connect, errorCode, registerSeller, zodIssues, type TestClient } from '../support/clients.js';
import { collect } from '../support/subscriptions.js';
import { setupShop, type ShopFixture } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let shop: ShopFixture;
let anon: TestClient;

beforeAll(async () => {
  server = await startTestServer();
  shop = await setupShop(server.url, [{ name: 'Mug', priceCents: 1500, costCents: 500, stock: 10, lowStockThreshold: 3 }]);
  anon = connect(server.url);
});
afterAll(async () => {
  await anon.close();
  await shop[Symbol.asyncDispose]();
  await server[Symbol.asyncDispose]();
});

const validProduct = () => ({ shopId: shop.shopId, name: 'Kettle', sku: `K-${Math.random()}`, priceCents: 4500, costCents: 2000, stock: 7 });

/** Bad calls must change nothing: same products, same newest event id. */
async function snapshot() {
  const [products, stats] = await Promise.all([anon.api.product.list.query({ shopId: shop.shopId }), shop.seller.api.dashboard.stats.query({ shopId: shop.shopId })]);
  return { products, cursor: stats.cursor };
}

describe('products', () => {
  it('lists products publicly, and a seller of the shop creates one with the default threshold', async () => {
    const created = await shop.seller.api.product.create.mutate(validProduct());
    expect(created).toMatchObject({ shopId: shop.shopId, name: 'Kettle', priceCents: 4500, costCents: 2000, stock: 7, lowStockThreshold: 5 });
    expect(created.id).toBeTypeOf('string');
    const listed = await anon.api.product.list.query({ shopId: shop.shopId });
    expect(listed).toContainEqual(created);
  });

  it('answers NOT_FOUND for the products of a shop that does not exist', async () => {
    expect(await errorCode(anon.api.product.list.query({ shopId: 'no-such-shop' }))).toBe('NOT_FOUND');
  });

  it('answers UNAUTHORIZED, FORBIDDEN (buyer, other seller), CONFLICT (duplicate SKU) and changes nothing', async () => {
    const before = await snapshot();
    expect(await errorCode(anon.api.product.create.mutate(validProduct()))).toBe('UNAUTHORIZED');
    expect(await errorCode(shop.buyer.api.product.create.mutate(validProduct()))).toBe('FORBIDDEN');
    const other = await registerSeller(anon.api);
    await using otherSeller = connect(server.url, other.token);
    expect(await errorCode(otherSeller.api.product.create.mutate(validProduct()))).toBe('FORBIDDEN');
    await expect(shop.seller.api.product.create.mutate({ ...validProduct(), sku: 'SKU-1' })).rejects.toMatchObject({
      data: { code: 'CONFLICT', reason: 'sku_taken' },
    });
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['a negative price', { priceCents: -1 }],
    ['a fractional price', { priceCents: 10.5 }],
    ['negative stock', { stock: -3 }],
    ['an empty name', { name: '' }],
    ['an empty sku', { sku: '' }],
    ['a string cost', { costCents: '100' }],
    ['a negative threshold', { lowStockThreshold: -1 }],
  ])('refuses %s with BAD_REQUEST and changes nothing', async (_label, patch) => {
    const before = await snapshot();
    expect(await errorCode(shop.seller.api.product.create.mutate({ ...validProduct(), ...patch } as never))).toBe('BAD_REQUEST');
    expect(await snapshot()).toEqual(before);
  });
});

describe('product.update', () => {
  it('changes name, price, cost and threshold, keeps stock, and tells dashboards (the name) and storefronts (to read it again)', async () => {
    const created = await shop.seller.api.product.create.mutate(validProduct());
    const from = String((await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId })).cursor);
    const dashboard = collect<DashboardEvent>((h) => shop.seller.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId, lastEventId: from }, h));
    const storefront = collect<StockEvent>((h) => anon.api.product.onStockChange.subscribe({ shopId: shop.shopId, lastEventId: from }, h));

    const updated = await shop.seller.api.product.update.mutate({ productId: created.id, name: 'Kettle, copper', priceCents: 5200, costCents: 2100, lowStockThreshold: 8 });
    expect(updated).toEqual({ ...created, name: 'Kettle, copper', priceCents: 5200, costCents: 2100, lowStockThreshold: 8 });
    expect(await anon.api.product.list.query({ shopId: shop.shopId })).toContainEqual(updated);
    // Only what is given changes.
    expect(await shop.seller.api.product.update.mutate({ productId: created.id, priceCents: 4999 })).toEqual({ ...updated, priceCents: 4999 });

    const listing = { type: 'inventory_update', updates: [{ productId: created.id, productName: 'Kettle, copper', stock: 7 }] };
    expect((await dashboard.waitFor(6)).map((e) => e.data)).toEqual([
      { type: 'product_updated', product: updated },
      listing,
      { type: 'price_changed', productId: created.id, oldPriceCents: created.priceCents, newPriceCents: 5200 },
      { type: 'product_updated', product: { ...updated, priceCents: 4999 } },
      listing,
      { type: 'price_changed', productId: created.id, oldPriceCents: 5200, newPriceCents: 4999 },
    ]);
    expect((await storefront.waitFor(2)).map((e) => e.data)).toEqual([
      { type: 'product_changed', productId: created.id },
      { type: 'product_changed', productId: created.id },
    ]);
    dashboard.unsubscribe();
    storefront.unsubscribe();
  });

  it('refuses no token, a buyer, another shop\'s seller, an unknown product, no field, a blank name and a negative price, changing nothing', async () => {
    const mug = shop.products[0]?.id ?? '';
    const before = await snapshot();
    expect(await errorCode(anon.api.product.update.mutate({ productId: mug, priceCents: 1 }))).toBe('UNAUTHORIZED');
    expect(await errorCode(shop.buyer.api.product.update.mutate({ productId: mug, priceCents: 1 }))).toBe('FORBIDDEN');
    const other = await registerSeller(anon.api);
    await using otherSeller = connect(server.url, other.token);
    expect(await errorCode(otherSeller.api.product.update.mutate({ productId: mug, priceCents: 1 }))).toBe('FORBIDDEN');
    expect(await errorCode(shop.seller.api.product.update.mutate({ productId: 'no-such-product', priceCents: 1 }))).toBe('NOT_FOUND');
    expect(await zodIssues(shop.seller.api.product.update.mutate({ productId: mug }))).toMatchObject([{ message: 'Give at least one of name, priceCents, costCents, lowStockThreshold' }]);
    expect(await errorCode(shop.seller.api.product.update.mutate({ productId: mug, name: '   ' }))).toBe('BAD_REQUEST');
    expect(await errorCode(shop.seller.api.product.update.mutate({ productId: mug, priceCents: -1 }))).toBe('BAD_REQUEST');
    expect(await snapshot()).toEqual(before);
  });
});

describe('inventory.adjust', () => {
  it('moves stock both ways and answers the new level', async () => {
    const [mug] = await anon.api.product.list.query({ shopId: shop.shopId });
    if (!mug) throw new Error('no product');
    const up = await shop.seller.api.inventory.adjust.mutate({ productId: mug.id, delta: 5, reason: 'delivery' });
    expect(up).toEqual({ productId: mug.id, stock: mug.stock + 5 });
    const down = await shop.seller.api.inventory.adjust.mutate({ productId: mug.id, delta: -2, reason: 'breakage' });
    expect(down.stock).toBe(mug.stock + 3);
  });

  it('refuses to take stock below zero (CONFLICT), a zero delta, a missing reason, a fractional delta, and changes nothing', async () => {
    const before = await snapshot();
    const mug = before.products.find((p) => p.name === 'Mug');
    if (!mug) throw new Error('no product');
    await expect(shop.seller.api.inventory.adjust.mutate({ productId: mug.id, delta: -(mug.stock + 1), reason: 'x' })).rejects.toMatchObject({
      message: `Not enough stock for Mug: ${mug.stock} left`,
      data: { code: 'CONFLICT', reason: 'not_enough_stock' },
    });
    expect(await errorCode(shop.seller.api.inventory.adjust.mutate({ productId: mug.id, delta: 0, reason: 'x' }))).toBe('BAD_REQUEST');
    expect(await errorCode(shop.seller.api.inventory.adjust.mutate({ productId: mug.id, delta: 1, reason: '' }))).toBe('BAD_REQUEST');
    expect(await errorCode(shop.seller.api.inventory.adjust.mutate({ productId: mug.id, delta: 1.5, reason: 'x' }))).toBe('BAD_REQUEST');
    expect(await errorCode(shop.seller.api.inventory.adjust.mutate({ productId: 'nope', delta: 1, reason: 'x' }))).toBe('NOT_FOUND');
    expect(await errorCode(shop.buyer.api.inventory.adjust.mutate({ productId: mug.id, delta: 1, reason: 'x' }))).toBe('FORBIDDEN');
    expect(await errorCode(anon.api.inventory.adjust.mutate({ productId: mug.id, delta: 1, reason: 'x' }))).toBe('UNAUTHORIZED');
    const other = await registerSeller(anon.api);
    await using otherSeller = connect(server.url, other.token);
    expect(await errorCode(otherSeller.api.inventory.adjust.mutate({ productId: mug.id, delta: 1, reason: 'x' }))).toBe('FORBIDDEN');
    expect(await snapshot()).toEqual(before);
  });
});

describe('shops', () => {
  it('lets a seller open a second shop, which me() then lists', async () => {
    const created = await shop.seller.api.shop.create.mutate({ name: 'Second Shop' });
    const me = await shop.seller.api.auth.me.query();
    expect(me.shopIds).toContain(created.id);
    expect(me.shopIds).toContain(shop.shopId);
    expect(await errorCode(shop.buyer.api.shop.create.mutate({ name: 'Nope' }))).toBe('FORBIDDEN');
  });
});
