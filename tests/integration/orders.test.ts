import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, errorCode, registerBuyer, registerSeller, type TestClient } from '../support/clients.js';
import { setupShop, type ShopFixture } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let shop: ShopFixture;
let anon: TestClient;

beforeAll(async () => {
  server = await startTestServer();
  shop = await setupShop(server.url, [
    { name: 'Beans', priceCents: 1200, costCents: 500, stock: 50 },
    { name: 'Filter', priceCents: 300, costCents: 100, stock: 4 },
  ]);
  anon = connect(server.url);
});
afterAll(async () => {
  await anon.close();
  await shop[Symbol.asyncDispose]();
  await server[Symbol.asyncDispose]();
});

const [beansIndex, filterIndex] = [0, 1];
const product = (i: number) => {
  const p = shop.products[i];
  if (!p) throw new Error('missing product');
  return p;
};

/** What a bad call must leave untouched: stock, orders, and the event log. */
async function state() {
  const db = server.app.deps.db;
  const one = async (query: RawBuilder<unknown>) => (await query.execute(db)).rows[0];
  return {
    stock: await anon.api.product.list.query({ shopId: shop.shopId }),
    orders: await one(sql`select count(*) as n from orders`),
    movements: await one(sql`select count(*) as n from stock_movements`),
    events: await one(sql`select max(id) as id from events`),
  };
}

describe('order.place', () => {
  it('creates the order with totals and profit, takes the stock and records a movement per line', async () => {
    const order = await shop.buyer.api.order.place.mutate({
      shopId: shop.shopId,
      items: [
        { productId: product(beansIndex).id, quantity: 2 },
        { productId: product(filterIndex).id, quantity: 1 },
      ],
    });
    expect(order).toMatchObject({
      shopId: shop.shopId,
      buyerId: shop.buyerId,
      status: 'pending',
      totalCents: 2 * 1200 + 300,
      profitCents: 2 * 700 + 200,
      items: [
        { productId: product(beansIndex).id, productName: 'Beans', quantity: 2, priceCents: 1200 },
        { productId: product(filterIndex).id, productName: 'Filter', quantity: 1, priceCents: 300 },
      ],
    });
    expect(order.createdAt).toBeInstanceOf(Date);
    const stock = await anon.api.product.list.query({ shopId: shop.shopId });
    expect(stock.find((p) => p.name === 'Beans')?.stock).toBe(48);
    expect(stock.find((p) => p.name === 'Filter')?.stock).toBe(3);
    const movements = await server.app.deps.db.selectFrom('stock_movements').select(['product_id', 'delta', 'reason']).where('order_id', '=', order.id).orderBy('id').execute();
    expect(movements).toEqual([
      { product_id: product(beansIndex).id, delta: -2, reason: 'order' },
      { product_id: product(filterIndex).id, delta: -1, reason: 'order' },
    ]);
    expect(await shop.buyer.api.order.get.query({ orderId: order.id })).toEqual(order);
  });

  it('answers CONFLICT when any line is short, and writes nothing at all', async () => {
    const before = await state();
    const call = shop.buyer.api.order.place.mutate({
      shopId: shop.shopId,
      items: [
        { productId: product(beansIndex).id, quantity: 1 },
        { productId: product(filterIndex).id, quantity: 999 },
      ],
    });
    expect(await errorCode(call)).toBe('CONFLICT');
    expect(await state()).toEqual(before);
  });

  it('returns the first order for a repeated idempotency key and writes nothing again', async () => {
    const input = { shopId: shop.shopId, items: [{ productId: product(beansIndex).id, quantity: 1 }], idempotencyKey: 'checkout-42' };
    const first = await shop.buyer.api.order.place.mutate(input);
    const before = await state();
    const [again, concurrent] = await Promise.all([shop.buyer.api.order.place.mutate(input), shop.buyer.api.order.place.mutate(input)]);
    expect(again).toEqual(first);
    expect(concurrent).toEqual(first);
    expect(await state()).toEqual(before);
    // The key belongs to the buyer: another buyer with the same key gets their own order.
    const other = await registerBuyer(anon.api);
    await using otherBuyer = connect(server.url, other.token);
    const theirs = await otherBuyer.api.order.place.mutate(input);
    expect(theirs.id).not.toBe(first.id);
  });

  it.each([
    ['no items', { items: [] }],
    ['a zero quantity', { items: [{ productId: 'p', quantity: 0 }] }],
    ['a fractional quantity', { items: [{ productId: 'p', quantity: 1.5 }] }],
    ['the same product twice', { items: [{ productId: 'p', quantity: 1 }, { productId: 'p', quantity: 2 }] }],
    ['a missing shopId', { shopId: undefined }],
    ['an empty idempotency key', { idempotencyKey: '' }],
  ])('refuses %s with BAD_REQUEST and changes nothing', async (_label, patch) => {
    const before = await state();
    const input = { shopId: shop.shopId, items: [{ productId: product(beansIndex).id, quantity: 1 }], ...patch };
    expect(await errorCode(shop.buyer.api.order.place.mutate(input as never))).toBe('BAD_REQUEST');
    expect(await state()).toEqual(before);
  });

  it('answers NOT_FOUND for an unknown shop or a product of another shop, UNAUTHORIZED without a token, FORBIDDEN for a seller', async () => {
    const before = await state();
    await using other = await setupShop(server.url, [{ name: 'Elsewhere' }]);
    const mid = await state();
    const line = [{ productId: product(beansIndex).id, quantity: 1 }];
    expect(await errorCode(shop.buyer.api.order.place.mutate({ shopId: 'nope', items: line }))).toBe('NOT_FOUND');
    expect(await errorCode(shop.buyer.api.order.place.mutate({ shopId: other.shopId, items: line }))).toBe('NOT_FOUND');
    expect(await errorCode(anon.api.order.place.mutate({ shopId: shop.shopId, items: line }))).toBe('UNAUTHORIZED');
    expect(await errorCode(shop.seller.api.order.place.mutate({ shopId: shop.shopId, items: line }))).toBe('FORBIDDEN');
    const after = await state();
    expect(after).toEqual(mid);
    expect(after.stock).toEqual(before.stock);
  });
});

describe('order.get and order.list', () => {
  it('shows an order to its buyer and its shop sellers only', async () => {
    const order = await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: product(beansIndex).id, quantity: 1 }] });
    expect((await shop.seller.api.order.get.query({ orderId: order.id })).id).toBe(order.id);
    const otherBuyer = await registerBuyer(anon.api);
    const otherSeller = await registerSeller(anon.api);
    await using b = connect(server.url, otherBuyer.token);
    await using s = connect(server.url, otherSeller.token);
    expect(await errorCode(b.api.order.get.query({ orderId: order.id }))).toBe('FORBIDDEN');
    expect(await errorCode(s.api.order.get.query({ orderId: order.id }))).toBe('FORBIDDEN');
    expect(await errorCode(anon.api.order.get.query({ orderId: order.id }))).toBe('UNAUTHORIZED');
    expect(await errorCode(shop.buyer.api.order.get.query({ orderId: 'no-such-order' }))).toBe('NOT_FOUND');
  });

  it('pages a shop\'s orders newest first with a cursor, each order once', async () => {
    await using fresh = await setupShop(server.url, [{ stock: 1000 }]);
    const placed = [];
    const place = () => fresh.buyer.api.order.place.mutate({ shopId: fresh.shopId, items: [{ productId: fresh.products[0]?.id ?? '', quantity: 1 }] });
    for (let i = 0; i < 3; i++) placed.push(await place());
    // Sent in one frame and committed in one batch, so they share a millisecond: the id must still keep their order.
    placed.push(...(await Promise.all([place(), place(), place(), place(), place(), place()])));
    const seen: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await fresh.seller.api.order.list.query({ shopId: fresh.shopId, limit: 3, cursor });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((o) => o.id));
      cursor = page.nextCursor;
    } while (cursor);
    // Newest first by (time, id). On SQLite that is the order they were sent in; on PostgreSQL the
    // concurrent ones may commit in another (one that lost a race on the stock row runs again, later).
    const newestFirst = [...placed].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
    expect(seen).toEqual(newestFirst.map((o) => o.id));
    expect(await errorCode(fresh.seller.api.order.list.query({ shopId: shop.shopId }))).toBe('FORBIDDEN');
    expect(await errorCode(fresh.buyer.api.order.list.query({ shopId: fresh.shopId }))).toBe('FORBIDDEN');
    expect(await errorCode(fresh.seller.api.order.list.query({ shopId: fresh.shopId, limit: 0 }))).toBe('BAD_REQUEST');
    expect(await errorCode(fresh.seller.api.order.list.query({ shopId: fresh.shopId, limit: 101 }))).toBe('BAD_REQUEST');
    const mine = await fresh.buyer.api.order.listMine.query({ limit: 100 });
    expect(mine.items.map((o) => o.id)).toEqual(newestFirst.map((o) => o.id));
  });
});

describe('order.updateStatus', () => {
  const place = (quantity = 1) =>
    shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: product(beansIndex).id, quantity }] });

  it('moves pending -> confirmed -> shipped -> delivered', async () => {
    const order = await place();
    for (const status of ['confirmed', 'shipped', 'delivered'] as const) {
      const moved = await shop.seller.api.order.updateStatus.mutate({ orderId: order.id, status });
      expect(moved.status).toBe(status);
    }
  });

  it.each([
    ['pending', 'shipped'],
    ['pending', 'delivered'],
    ['pending', 'pending'],
    ['confirmed', 'pending'],
    ['shipped', 'cancelled'],
    ['delivered', 'cancelled'],
    ['cancelled', 'confirmed'],
  ] as const)('refuses %s -> %s with BAD_REQUEST and changes nothing', async (from, to) => {
    const order = await place();
    const path: Record<string, readonly ('confirmed' | 'shipped' | 'delivered' | 'cancelled')[]> = {
      pending: [],
      confirmed: ['confirmed'],
      shipped: ['confirmed', 'shipped'],
      delivered: ['confirmed', 'shipped', 'delivered'],
      cancelled: ['cancelled'],
    };
    for (const step of path[from] ?? []) await shop.seller.api.order.updateStatus.mutate({ orderId: order.id, status: step });
    const before = await state();
    expect(await errorCode(shop.seller.api.order.updateStatus.mutate({ orderId: order.id, status: to }))).toBe('BAD_REQUEST');
    expect((await shop.seller.api.order.get.query({ orderId: order.id })).status).toBe(from);
    expect(await state()).toEqual(before);
  });

  it('puts the stock back when a pending or confirmed order is cancelled', async () => {
    const stockOf = async () => (await anon.api.product.list.query({ shopId: shop.shopId })).find((p) => p.name === 'Beans')?.stock;
    const start = await stockOf();
    const a = await place(3);
    const b = await place(2);
    await shop.seller.api.order.updateStatus.mutate({ orderId: b.id, status: 'confirmed' });
    expect(await stockOf()).toBe((start ?? 0) - 5);
    await shop.seller.api.order.updateStatus.mutate({ orderId: a.id, status: 'cancelled' });
    await shop.seller.api.order.updateStatus.mutate({ orderId: b.id, status: 'cancelled' });
    expect(await stockOf()).toBe(start);
  });

  it('lets only a seller of the shop move an order, and refuses unknown statuses', async () => {
    const order = await place();
    const otherSeller = await registerSeller(anon.api);
    await using s = connect(server.url, otherSeller.token);
    expect(await errorCode(s.api.order.updateStatus.mutate({ orderId: order.id, status: 'confirmed' }))).toBe('FORBIDDEN');
    expect(await errorCode(shop.buyer.api.order.updateStatus.mutate({ orderId: order.id, status: 'cancelled' }))).toBe('FORBIDDEN');
    expect(await errorCode(shop.seller.api.order.updateStatus.mutate({ orderId: order.id, status: 'lost' as never }))).toBe('BAD_REQUEST');
    expect(await errorCode(shop.seller.api.order.updateStatus.mutate({ orderId: 'nope', status: 'confirmed' }))).toBe('NOT_FOUND');
    expect((await shop.seller.api.order.get.query({ orderId: order.id })).status).toBe('pending');
  });
});

describe('order.cancelMine', () => {
  const place = (quantity = 1) =>
    shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: product(beansIndex).id, quantity }] });

  it('lets a buyer cancel their own pending order: stock back, and the shop and the order stream both hear of it', async () => {
    const order = await place(4);
    const afterPlacing = await state();
    const dashboard: unknown[] = [];
    const statuses: unknown[] = [];
    const lastEventId = String((afterPlacing.events as { id: number | null }).id ?? 0);
    const dash = shop.seller.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId, lastEventId }, { onData: ({ data }) => dashboard.push(data) });
    const follow = shop.buyer.api.order.onOrderStatus.subscribe({ orderId: order.id, lastEventId: '0' }, { onData: ({ data }) => statuses.push(data) });

    const cancelled = await shop.buyer.api.order.cancelMine.mutate({ orderId: order.id });
    expect(cancelled).toMatchObject({ id: order.id, status: 'cancelled' });
    const beans = (await anon.api.product.list.query({ shopId: shop.shopId })).find((p) => p.id === product(beansIndex).id);
    expect(beans?.stock).toBe((afterPlacing.stock.find((p) => p.id === product(beansIndex).id)?.stock ?? 0) + 4);
    await expect.poll(() => dashboard).toContainEqual({ type: 'order_status_changed', orderId: order.id, status: 'cancelled', previousStatus: 'pending', by: 'buyer' });
    await expect.poll(() => statuses.map((s) => (s as { status: string }).status)).toEqual(['pending', 'cancelled']);
    dash.unsubscribe();
    follow.unsubscribe();
  });

  it('refuses a confirmed order (CONFLICT), another buyer\'s (FORBIDDEN), a seller, an unknown id, no token and bad input, changing nothing', async () => {
    const confirmed = await place();
    await shop.seller.api.order.updateStatus.mutate({ orderId: confirmed.id, status: 'confirmed' });
    const pending = await place();
    const otherBuyer = await registerBuyer(anon.api);
    await using other = connect(server.url, otherBuyer.token);
    const before = await state();

    const refusal = await shop.buyer.api.order.cancelMine.mutate({ orderId: confirmed.id }).catch((e: unknown) => e as Error);
    expect(refusal).toBeInstanceOf(Error);
    expect((refusal as Error).message).toBe('This order is already confirmed; only a pending order can be cancelled. Ask the shop.');
    expect(await errorCode(shop.buyer.api.order.cancelMine.mutate({ orderId: confirmed.id }))).toBe('CONFLICT');
    expect(await errorCode(other.api.order.cancelMine.mutate({ orderId: pending.id }))).toBe('FORBIDDEN');
    expect(await errorCode(shop.seller.api.order.cancelMine.mutate({ orderId: pending.id }))).toBe('FORBIDDEN');
    expect(await errorCode(shop.buyer.api.order.cancelMine.mutate({ orderId: 'no-such-order' }))).toBe('NOT_FOUND');
    expect(await errorCode(anon.api.order.cancelMine.mutate({ orderId: pending.id }))).toBe('UNAUTHORIZED');
    expect(await errorCode(shop.buyer.api.order.cancelMine.mutate({ orderId: '' }))).toBe('BAD_REQUEST');

    expect(await state()).toEqual(before);
    expect((await shop.buyer.api.order.get.query({ orderId: pending.id })).status).toBe('pending');
    expect((await shop.buyer.api.order.get.query({ orderId: confirmed.id })).status).toBe('confirmed');
  });
});
