import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardEvent, StockEvent } from '../../src/shared/events.js';
import { codeOf, connect, errorCode, registerBuyer, zodIssues, type Api, type TestClient } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { collect, type Collected } from '../support/subscriptions.js';
import { setupTeam, type TeamFixture } from '../support/team.js';
import { TRPCClientError } from '@trpc/client';

let server: TestServer;
let anon: TestClient;
beforeAll(async () => {
  server = await startTestServer();
  anon = connect(server.url);
});
afterAll(async () => {
  await anon.close();
  await server[Symbol.asyncDispose]();
});

const rows = async (table: 'orders' | 'restock_subscriptions' | 'notifications' | 'events') =>
  Number((await server.app.deps.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

/** The code, the words and, where a code has several causes, which one (data.reason). */
async function failure(call: Promise<unknown>): Promise<{ code: string | undefined; message: string; reason?: unknown }> {
  try {
    await call;
  } catch (error) {
    const reason = error instanceof TRPCClientError ? (error.data as { reason?: unknown } | undefined)?.reason : undefined;
    return { code: codeOf(error), message: error instanceof TRPCClientError ? error.message : String(error), ...(reason ? { reason } : {}) };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** The shop's dashboard stream from now on, as `api` sees it. */
async function follow(api: Api, shopId: string): Promise<Collected<DashboardEvent>> {
  const { cursor } = await api.dashboard.stats.query({ shopId });
  const stream = collect<DashboardEvent>((h) => api.dashboard.onDashboardUpdate.subscribe({ shopId, lastEventId: cursor }, h));
  await stream.started;
  return stream;
}

async function eventsOfType<T extends DashboardEvent['type']>(stream: Collected<DashboardEvent>, type: T, count: number): Promise<Extract<DashboardEvent, { type: T }>[]> {
  const matching = () => stream.events.map((e) => e.data).filter((e): e is Extract<DashboardEvent, { type: T }> => e.type === type);
  for (let n = stream.events.length + 1; matching().length < count; n++) await stream.waitFor(n);
  return matching();
}

const notificationsOf = async (api: Api) => (await api.notification.list.query({ limit: 100 })).items;

describe('product.archive and product.restore', () => {
  let shop: TeamFixture;
  beforeAll(async () => {
    shop = await setupTeam(server.url, [
      { name: 'Kettle', priceCents: 4000, costCents: 2000, stock: 10, lowStockThreshold: 5 },
      { name: 'Mug', priceCents: 800, costCents: 300, stock: 3, lowStockThreshold: 5 },
    ]);
  });
  afterAll(async () => {
    await shop[Symbol.asyncDispose]();
  });

  it('takes a product off sale for buyers, keeps it for the team and for past orders, and puts it back', async () => {
    const [kettle, mug] = shop.products;
    const past = await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: mug?.id ?? '', quantity: 1 }] });
    const owner = await follow(shop.seller.api, shop.shopId);
    const staff = await follow(shop.staff.client.api, shop.shopId);
    const storefront = collect<StockEvent>((h) => anon.api.product.onStockChange.subscribe({ shopId: shop.shopId, lastEventId: owner.events.at(-1)?.id ?? null }, h));
    expect((await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId })).lowStockCount).toBe(1);

    const archived = await shop.manager.client.api.product.archive.mutate({ productId: mug?.id ?? '' });
    expect(archived).toMatchObject({ id: mug?.id, name: 'Mug', stock: 2, archivedAt: expect.any(Date) as Date });
    // Archiving again changes nothing, not even the time.
    expect(await shop.seller.api.product.archive.mutate({ productId: mug?.id ?? '' })).toEqual(archived);

    for (const api of [anon.api, shop.buyer.api]) {
      expect((await api.product.list.query({ shopId: shop.shopId })).map((p) => p.name)).toEqual(['Kettle']);
      expect((await api.product.snapshot.query({ shopId: shop.shopId })).products.map((p) => p.name)).toEqual(['Kettle']);
    }
    expect(await shop.seller.api.product.list.query({ shopId: shop.shopId })).toContainEqual(archived);
    expect((await shop.staff.client.api.product.list.query({ shopId: shop.shopId })).find((p) => p.id === mug?.id)).toEqual({ ...archived, costCents: null });
    // An archived product needs no restocking: it leaves the low-stock count.
    expect((await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId })).lowStockCount).toBe(0);

    // Not sold: refused in words, nothing written; the past order keeps its line.
    const before = { orders: await rows('orders'), mug: (await shop.seller.api.product.list.query({ shopId: shop.shopId })).find((p) => p.id === mug?.id)?.stock };
    expect(await failure(shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: kettle?.id ?? '', quantity: 1 }, { productId: mug?.id ?? '', quantity: 1 }] }))).toEqual({
      code: 'CONFLICT',
      message: 'Mug is no longer sold by this shop; take it out of the order',
      reason: 'product_archived',
    });
    expect(await rows('orders')).toBe(before.orders);
    expect((await shop.seller.api.product.list.query({ shopId: shop.shopId })).find((p) => p.id === mug?.id)?.stock).toBe(before.mug);
    expect((await shop.buyer.api.order.get.query({ orderId: past.id })).items).toEqual([{ productId: mug?.id, productName: 'Mug', quantity: 1, priceCents: 800 }]);
    // Its stock can still be counted and its details edited by the team.
    expect(await shop.staff.client.api.inventory.adjust.mutate({ productId: mug?.id ?? '', delta: 1, reason: 'found one' })).toEqual({ productId: mug?.id, stock: 3 });

    const restored = await shop.seller.api.product.restore.mutate({ productId: mug?.id ?? '' });
    expect(restored).toEqual({ ...archived, stock: 3, archivedAt: null });
    expect(await shop.seller.api.product.restore.mutate({ productId: mug?.id ?? '' })).toEqual(restored);
    expect((await anon.api.product.list.query({ shopId: shop.shopId })).map((p) => p.name)).toEqual(['Kettle', 'Mug']);
    await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: mug?.id ?? '', quantity: 1 }] });

    expect(await eventsOfType(owner, 'product_archived', 1)).toEqual([{ type: 'product_archived', product: archived }]);
    expect(await eventsOfType(owner, 'product_updated', 1)).toEqual([{ type: 'product_updated', product: restored }]);
    // Staff get the same events without what the product cost.
    expect(await eventsOfType(staff, 'product_archived', 1)).toEqual([{ type: 'product_archived', product: { ...archived, costCents: null } }]);
    expect(await eventsOfType(staff, 'product_updated', 1)).toEqual([{ type: 'product_updated', product: { ...restored, costCents: null } }]);
    // Storefronts read their list again on each.
    await storefront.waitFor(2);
    expect(storefront.events.map((e) => e.data).filter((e) => e.type === 'product_changed')).toEqual([
      { type: 'product_changed', productId: mug?.id },
      { type: 'product_changed', productId: mug?.id },
    ]);
    for (const stream of [owner, staff, storefront]) stream.unsubscribe();
  });

  it('is for owners and managers: staff, buyers, other shops and the signed out are refused; bad ids too; nothing changes', async () => {
    const kettle = shop.products[0]?.id ?? '';
    const events = await rows('events');
    expect(await failure(shop.staff.client.api.product.archive.mutate({ productId: kettle }))).toEqual({
      code: 'FORBIDDEN',
      message: "Only the shop's owners and managers can create or edit products",
    });
    expect(await errorCode(shop.staff.client.api.product.restore.mutate({ productId: kettle }))).toBe('FORBIDDEN');
    expect(await errorCode(shop.buyer.api.product.archive.mutate({ productId: kettle }))).toBe('FORBIDDEN');
    expect(await errorCode(shop.outsider.client.api.product.archive.mutate({ productId: kettle }))).toBe('FORBIDDEN');
    expect(await errorCode(anon.api.product.archive.mutate({ productId: kettle }))).toBe('UNAUTHORIZED');
    expect(await failure(shop.seller.api.product.archive.mutate({ productId: 'no-such-product' }))).toEqual({ code: 'NOT_FOUND', message: 'Product not found' });
    expect(await errorCode(shop.seller.api.product.restore.mutate({ productId: 'no-such-product' }))).toBe('NOT_FOUND');
    expect(await zodIssues(shop.seller.api.product.archive.mutate({ productId: '' }))).toMatchObject([{ path: ['productId'] }]);
    expect(await rows('events')).toBe(events);
    expect((await anon.api.product.list.query({ shopId: shop.shopId })).find((p) => p.id === kettle)?.archivedAt).toBeNull();
  });
});

describe('catalog events', () => {
  it('tells the dashboard of a new product, of each edit, and of a price change with the old and new price (only when the price moved)', async () => {
    await using shop = await setupTeam(server.url, []);
    const owner = await follow(shop.seller.api, shop.shopId);
    const staff = await follow(shop.staff.client.api, shop.shopId);
    const created = await shop.manager.client.api.product.create.mutate({ shopId: shop.shopId, name: 'Tea', sku: 'T-1', priceCents: 500, costCents: 200, stock: 4 });
    const renamed = await shop.seller.api.product.update.mutate({ productId: created.id, name: 'Green tea' });
    const repriced = await shop.seller.api.product.update.mutate({ productId: created.id, priceCents: 650 });
    expect(await eventsOfType(owner, 'product_created', 1)).toEqual([{ type: 'product_created', product: created }]);
    expect(await eventsOfType(owner, 'product_updated', 2)).toEqual([
      { type: 'product_updated', product: renamed },
      { type: 'product_updated', product: repriced },
    ]);
    expect(await eventsOfType(owner, 'price_changed', 1)).toEqual([{ type: 'price_changed', productId: created.id, oldPriceCents: 500, newPriceCents: 650 }]);
    expect(await eventsOfType(staff, 'product_created', 1)).toEqual([{ type: 'product_created', product: { ...created, costCents: null } }]);
    expect(await eventsOfType(staff, 'price_changed', 1)).toHaveLength(1);
    // One price move, one price_changed: the rename before it sent none.
    expect(owner.events.filter((e) => e.data.type === 'price_changed')).toHaveLength(1);
    owner.unsubscribe();
    staff.unsubscribe();
  });

  it('marks low stock as a warning, and critical at half the threshold or below, in events and notifications', async () => {
    await using shop = await setupTeam(server.url, [{ name: 'Beans', stock: 12, lowStockThreshold: 10 }]);
    const beans = shop.products[0]?.id ?? '';
    const owner = await follow(shop.seller.api, shop.shopId);
    await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: beans, quantity: 3 }] });
    await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: beans, quantity: 3 }] });
    await shop.staff.client.api.inventory.adjust.mutate({ productId: beans, delta: -5, reason: 'spilled' });
    expect((await eventsOfType(owner, 'low_stock', 3)).map((e) => [e.stock, e.severity])).toEqual([
      [9, 'warning'],
      [6, 'warning'],
      [1, 'critical'],
    ]);
    const titles = (await notificationsOf(shop.staff.client.api)).filter((n) => n.kind === 'low_stock').map((n) => n.title);
    expect(titles).toEqual(['Critically low stock: Beans', 'Low stock: Beans', 'Low stock: Beans']);
    owner.unsubscribe();
  });
});

describe('product.notifyMe', () => {
  it('sends each waiting buyer one back_in_stock notification at the next restock, whatever restocks it, and no more', async () => {
    await using shop = await setupTeam(server.url, [{ name: 'Grinder', priceCents: 9000, stock: 1 }]);
    const grinder = shop.products[0]?.id ?? '';
    const [second, bystander] = await Promise.all([registerBuyer(anon.api), registerBuyer(anon.api)]);
    await using secondBuyer = connect(server.url, second.token);
    await using bystanderBuyer = connect(server.url, bystander.token);
    const sold = await bystanderBuyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: grinder, quantity: 1 }] });

    expect(await shop.buyer.api.product.notifyMe.mutate({ productId: grinder })).toEqual({ ok: true });
    expect(await shop.buyer.api.product.notifyMe.mutate({ productId: grinder })).toEqual({ ok: true });
    expect(await secondBuyer.api.product.notifyMe.mutate({ productId: grinder })).toEqual({ ok: true });
    expect(await rows('restock_subscriptions')).toBe(2);

    // A cancelled order puts the grinder back: that is a restock like any other.
    await shop.seller.api.order.updateStatus.mutate({ orderId: sold.id, status: 'cancelled' });
    for (const api of [shop.buyer.api, secondBuyer.api]) {
      const backInStock = (await notificationsOf(api)).filter((n) => n.kind === 'back_in_stock');
      expect(backInStock).toEqual([
        expect.objectContaining({ title: 'Back in stock: Grinder', body: expect.stringMatching(/^Grinder is back at Shop .+ \(1 available\)\.$/) as string, link: `/shops/${shop.shopId}` }),
      ]);
    }
    expect((await notificationsOf(bystanderBuyer.api)).filter((n) => n.kind === 'back_in_stock')).toEqual([]);
    expect(await rows('restock_subscriptions')).toBe(0);

    // Sold out and back again: the subscriptions were used up, nobody hears twice.
    await bystanderBuyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: grinder, quantity: 1 }] });
    await shop.staff.client.api.inventory.adjust.mutate({ productId: grinder, delta: 5, reason: 'delivery' });
    expect((await notificationsOf(shop.buyer.api)).filter((n) => n.kind === 'back_in_stock')).toHaveLength(1);
  });

  it('waits while the product is archived, and tells the buyer when it is restored in stock', async () => {
    await using shop = await setupTeam(server.url, [{ name: 'Scarf', stock: 0 }]);
    const scarf = shop.products[0]?.id ?? '';
    await shop.buyer.api.product.notifyMe.mutate({ productId: scarf });
    await shop.seller.api.product.archive.mutate({ productId: scarf });
    await shop.seller.api.inventory.adjust.mutate({ productId: scarf, delta: 3, reason: 'found a box' });
    expect((await notificationsOf(shop.buyer.api)).filter((n) => n.kind === 'back_in_stock')).toEqual([]);
    await shop.manager.client.api.product.restore.mutate({ productId: scarf });
    expect((await notificationsOf(shop.buyer.api)).filter((n) => n.kind === 'back_in_stock').map((n) => n.title)).toEqual(['Back in stock: Scarf']);
    expect(await rows('restock_subscriptions')).toBe(0);
  });

  it('refuses a product in stock (order it), an archived or unknown one, sellers and the signed out; stores nothing', async () => {
    await using shop = await setupTeam(server.url, [
      { name: 'Filter', stock: 7 },
      { name: 'Old', stock: 0 },
    ]);
    const [filter, old] = shop.products;
    await shop.seller.api.product.archive.mutate({ productId: old?.id ?? '' });
    const before = await rows('restock_subscriptions');
    expect(await failure(shop.buyer.api.product.notifyMe.mutate({ productId: filter?.id ?? '' }))).toEqual({ code: 'CONFLICT', message: 'Filter is in stock (7 left): order it now', reason: 'in_stock' });
    expect(await failure(shop.buyer.api.product.notifyMe.mutate({ productId: old?.id ?? '' }))).toEqual({ code: 'NOT_FOUND', message: 'Product not found' });
    expect(await errorCode(shop.buyer.api.product.notifyMe.mutate({ productId: 'no-such-product' }))).toBe('NOT_FOUND');
    expect(await failure(shop.seller.api.product.notifyMe.mutate({ productId: old?.id ?? '' }))).toEqual({ code: 'FORBIDDEN', message: 'Only buyers can do this' });
    expect(await errorCode(anon.api.product.notifyMe.mutate({ productId: old?.id ?? '' }))).toBe('UNAUTHORIZED');
    expect(await zodIssues(shop.buyer.api.product.notifyMe.mutate({ productId: '' }))).toMatchObject([{ path: ['productId'] }]);
    expect(await rows('restock_subscriptions')).toBe(before);
  });
});
