import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardEvent, OrderStreamEvent, StockEvent } from '../../src/shared/events.js';
import { connect, errorCode, registerBuyer, registerSeller, type TestClient } from '../support/clients.js';
import { setupShop } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { collect, eventually, statusMoves } from '../support/subscriptions.js';

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

function watchDashboard(client: TestClient, shopId: string, lastEventId?: string) {
  return collect<DashboardEvent>((handlers) => client.api.dashboard.onDashboardUpdate.subscribe({ shopId, lastEventId }, handlers));
}

function watchOrder(client: TestClient, orderId: string, lastEventId?: string) {
  return collect<OrderStreamEvent>((handlers) => client.api.order.onOrderStatus.subscribe({ orderId, lastEventId }, handlers));
}

describe('dashboard.onDashboardUpdate', () => {
  it('delivers new_order, inventory_update, low_stock and out_of_stock for one order, in order, with increasing ids', async () => {
    await using shop = await setupShop(server.url, [
      { name: 'Plenty', stock: 100, lowStockThreshold: 5 },
      { name: 'Nearly', stock: 7, lowStockThreshold: 5 },
      { name: 'Last', stock: 2, lowStockThreshold: 1 },
    ]);
    const dash = watchDashboard(shop.seller, shop.shopId);
    await dash.started;
    const [plenty, nearly, last] = shop.products;
    const order = await shop.buyer.api.order.place.mutate({
      shopId: shop.shopId,
      items: [
        { productId: plenty?.id ?? '', quantity: 1 },
        { productId: nearly?.id ?? '', quantity: 3 },
        { productId: last?.id ?? '', quantity: 2 },
      ],
    });
    // Then one stock_movement per line (see stockMovements.test.ts).
    const events = await dash.waitFor(7);
    expect(events.slice(4).map((e) => e.data.type)).toEqual(['stock_movement', 'stock_movement', 'stock_movement']);
    expect(events.slice(0, 4).map((e) => e.data)).toEqual([
      { type: 'new_order', order },
      {
        type: 'inventory_update',
        updates: [
          { productId: plenty?.id, productName: 'Plenty', stock: 99 },
          { productId: nearly?.id, productName: 'Nearly', stock: 4 },
          { productId: last?.id, productName: 'Last', stock: 0 },
        ],
      },
      { type: 'low_stock', productId: nearly?.id, productName: 'Nearly', stock: 4, threshold: 5, severity: 'warning' },
      { type: 'out_of_stock', productId: last?.id, productName: 'Last' },
    ]);
    const ids = events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);

    await shop.seller.api.order.updateStatus.mutate({ orderId: order.id, status: 'cancelled' });
    const more = await dash.waitFor(9);
    expect(more[7]?.data).toEqual({ type: 'order_status_changed', orderId: order.id, status: 'cancelled', previousStatus: 'pending', by: 'shop' });
    expect(more[8]?.data).toMatchObject({ type: 'inventory_update' });
    dash.unsubscribe();
  });

  it('stats figures plus the events after their cursor add up, with nothing missed or counted twice', async () => {
    await using shop = await setupShop(server.url, [{ priceCents: 1000, costCents: 400, stock: 100, lowStockThreshold: 5 }]);
    const productId = shop.products[0]?.id ?? '';
    const place = (quantity: number) => shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity }] });
    await place(1);
    await place(2);
    // Orders keep landing while the dashboard loads.
    const background = Promise.all([place(3), place(4), place(5)]);
    const stats = await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId });
    const dash = watchDashboard(shop.seller, shop.shopId, stats.cursor);
    await background;
    const total = await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId });
    expect(total).toMatchObject({ orderCount: 5, revenueCents: 15_000, profitCents: 9_000, lowStockCount: 0 });
    await eventually(() => dash.events.filter((e) => e.data.type === 'new_order').length === 5 - stats.orderCount);
    let revenue = stats.revenueCents;
    let count = stats.orderCount;
    for (const { data } of dash.events) {
      if (data.type === 'new_order') {
        revenue += data.order.totalCents;
        count += 1;
      }
    }
    expect({ count, revenue }).toEqual({ count: total.orderCount, revenue: total.revenueCents });
    for (const e of dash.events) expect(Number(e.id)).toBeGreaterThan(Number(stats.cursor));
    dash.unsubscribe();
  });

  it('replays every event after lastEventId in order, then goes on live', async () => {
    await using shop = await setupShop(server.url, [{ stock: 100 }]);
    const productId = shop.products[0]?.id ?? '';
    const { cursor } = await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId });
    const first = watchDashboard(shop.seller, shop.shopId, cursor);
    await first.started;
    for (let i = 0; i < 3; i++) await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity: 1 }] });
    // Each order: new_order, inventory_update, stock_movement.
    const firstNine = await first.waitFor(9);
    first.unsubscribe();
    const middle = firstNine[1]?.id ?? '';
    const replay = watchDashboard(shop.seller, shop.shopId, middle);
    await replay.waitFor(7);
    expect(replay.events.map((e) => e.id)).toEqual(firstNine.slice(2).map((e) => e.id));
    expect(replay.events.map((e) => e.data)).toEqual(firstNine.slice(2).map((e) => e.data));
    await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity: 1 }] });
    await replay.waitFor(10);
    expect(replay.events[7]?.data.type).toBe('new_order');
    replay.unsubscribe();
  });

  it('survives a forced disconnect: wsLink resubscribes with the last id and nothing is lost or repeated', async () => {
    await using shop = await setupShop(server.url, [{ stock: 1000 }]);
    const productId = shop.products[0]?.id ?? '';
    await using viewer = connect(server.url, shop.sellerToken);
    // Orders go over HTTP here, so cutting the sockets hits only the subscriber.
    await using buyer = connect(server.url, shop.buyerToken, 'http');
    const dash = watchDashboard(viewer, shop.shopId);
    await dash.started;
    await buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity: 1 }] });
    await dash.waitFor(2);
    // Cut every socket the server holds: the client must come back by itself.
    for (const socket of server.app.wss.clients) socket.terminate();
    for (let i = 0; i < 5; i++) await buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity: 1 }] });
    await dash.waitFor(18, 10_000);
    const orders = dash.events.filter((e) => e.data.type === 'new_order');
    expect(orders).toHaveLength(6);
    const ids = dash.events.map((e) => Number(e.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    dash.unsubscribe();
  });

  it('refuses the stream before its first event: no token, a buyer, another shop\'s seller, a bad lastEventId, an unknown shop', async () => {
    await using shop = await setupShop(server.url);
    const other = await registerSeller(anon.api);
    await using otherSeller = connect(server.url, other.token);
    const cases: [TestClient, string, string | undefined, string][] = [
      [anon, shop.shopId, undefined, 'UNAUTHORIZED'],
      [shop.buyer, shop.shopId, undefined, 'FORBIDDEN'],
      [otherSeller, shop.shopId, undefined, 'FORBIDDEN'],
      [otherSeller, shop.shopId, '0', 'FORBIDDEN'],
      [shop.seller, shop.shopId, 'not-a-number', 'BAD_REQUEST'],
      [shop.seller, 'no-such-shop', undefined, 'NOT_FOUND'],
    ];
    for (const [client, shopId, lastEventId, code] of cases) {
      const sub = watchDashboard(client, shopId, lastEventId);
      await eventually(() => sub.errors.length > 0);
      expect(sub.events).toEqual([]);
      expect((sub.errors[0] as { data?: { code?: string } }).data?.code).toBe(code);
    }
    expect(server.app.deps.bus.listenerCount(`shop:${shop.shopId}`)).toBe(0);
  });

  it('never shows one shop\'s events to another shop\'s dashboard', async () => {
    await using a = await setupShop(server.url);
    await using b = await setupShop(server.url);
    const dashA = watchDashboard(a.seller, a.shopId, '0');
    const dashB = watchDashboard(b.seller, b.shopId, '0');
    await Promise.all([dashA.started, dashB.started]);
    await a.buyer.api.order.place.mutate({ shopId: a.shopId, items: [{ productId: a.products[0]?.id ?? '', quantity: 1 }] });
    await b.buyer.api.order.place.mutate({ shopId: b.shopId, items: [{ productId: b.products[0]?.id ?? '', quantity: 1 }] });
    await eventually(() => dashA.events.some((e) => e.data.type === 'new_order') && dashB.events.some((e) => e.data.type === 'new_order'));
    for (const { data } of dashA.events) if (data.type === 'new_order') expect(data.order.shopId).toBe(a.shopId);
    for (const { data } of dashB.events) if (data.type === 'new_order') expect(data.order.shopId).toBe(b.shopId);
    const productIdsA = new Set(a.products.map((p) => p.id));
    for (const { data } of dashA.events) if (data.type === 'inventory_update') for (const u of data.updates) expect(productIdsA.has(u.productId)).toBe(true);
    dashA.unsubscribe();
    dashB.unsubscribe();
  });
});

describe('order.onOrderStatus', () => {
  it('gives the buyer and the shop\'s seller the order\'s status changes; replay from 0 gives its whole history', async () => {
    await using shop = await setupShop(server.url);
    const order = await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: shop.products[0]?.id ?? '', quantity: 1 }] });
    const buyerView = watchOrder(shop.buyer, order.id, '0');
    const sellerView = watchOrder(shop.seller, order.id);
    await Promise.all([buyerView.waitFor(1), sellerView.started]);
    expect(buyerView.events[0]?.data).toEqual({ orderId: order.id, status: 'pending', previousStatus: null, at: order.createdAt });
    await shop.seller.api.order.updateStatus.mutate({ orderId: order.id, status: 'confirmed' });
    await shop.seller.api.order.updateStatus.mutate({ orderId: order.id, status: 'shipped' });
    const history = await buyerView.waitFor(3);
    expect(statusMoves(history).map((move) => [move.previousStatus, move.status])).toEqual([
      [null, 'pending'],
      ['pending', 'confirmed'],
      ['confirmed', 'shipped'],
    ]);
    expect(history[2]?.data.at).toBeInstanceOf(Date);
    const live = await sellerView.waitFor(2);
    expect(statusMoves(live).map((move) => move.status)).toEqual(['confirmed', 'shipped']);
    buyerView.unsubscribe();
    sellerView.unsubscribe();
  });

  it('refuses another buyer, another shop\'s seller and anonymous callers before any event', async () => {
    await using shop = await setupShop(server.url);
    const order = await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: shop.products[0]?.id ?? '', quantity: 1 }] });
    const otherBuyer = await registerBuyer(anon.api);
    const otherSeller = await registerSeller(anon.api);
    await using b = connect(server.url, otherBuyer.token);
    await using s = connect(server.url, otherSeller.token);
    for (const [client, code] of [
      [b, 'FORBIDDEN'],
      [s, 'FORBIDDEN'],
      [anon, 'UNAUTHORIZED'],
    ] as const) {
      const sub = watchOrder(client, order.id, '0');
      await eventually(() => sub.errors.length > 0);
      expect(sub.events).toEqual([]);
      expect((sub.errors[0] as { data?: { code?: string } }).data?.code).toBe(code);
    }
    expect(await errorCode(b.api.order.get.query({ orderId: order.id }))).toBe('FORBIDDEN');
  });
});

describe('resources', () => {
  it('returns bus listeners to zero after unsubscribe and after the client disconnects', async () => {
    await using shop = await setupShop(server.url);
    const bus = server.app.deps.bus;
    const topic = `shop:${shop.shopId}`;
    const subs = Array.from({ length: 5 }, () => watchDashboard(shop.seller, shop.shopId));
    await Promise.all(subs.map((s) => s.started));
    await eventually(() => bus.listenerCount(topic) === 5);
    for (const s of subs) s.unsubscribe();
    await eventually(() => bus.listenerCount(topic) === 0);

    const viewer = connect(server.url, shop.sellerToken);
    const more = Array.from({ length: 3 }, () => watchDashboard(viewer, shop.shopId, '0'));
    await Promise.all(more.map((s) => s.started));
    await eventually(() => bus.listenerCount(topic) === 3);
    await viewer.close();
    await eventually(() => bus.listenerCount(topic) === 0);
  });
});

describe('product.onStockChange', () => {
  it('lets anyone follow a shop\'s stock from the snapshot\'s cursor, that shop only', async () => {
    await using shop = await setupShop(server.url, [{ name: 'Mug', stock: 3 }]);
    await using other = await setupShop(server.url, [{ stock: 10 }]);
    const productId = shop.products[0]?.id ?? '';
    const snapshot = await anon.api.product.snapshot.query({ shopId: shop.shopId });
    expect(snapshot.products.map((p) => p.stock)).toEqual([3]);
    // An order lands between the snapshot and the subscription: it must still arrive, once.
    await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity: 1 }] });
    const stock = collect<StockEvent>((h) => anon.api.product.onStockChange.subscribe({ shopId: shop.shopId, lastEventId: snapshot.cursor }, h));
    await stock.started;
    await other.buyer.api.order.place.mutate({ shopId: other.shopId, items: [{ productId: other.products[0]?.id ?? '', quantity: 1 }] });
    await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity: 2 }] });
    const events = await stock.waitFor(2);
    expect(events.map((e) => e.data)).toEqual([
      { type: 'stock', updates: [{ productId, stock: 2 }] },
      { type: 'stock', updates: [{ productId, stock: 0 }] },
    ]);
    await new Promise((r) => setTimeout(r, 100));
    expect(stock.events).toHaveLength(2);
    stock.unsubscribe();
  });

  it('answers NOT_FOUND for an unknown shop and BAD_REQUEST for a bad lastEventId, before any event', async () => {
    for (const [shopId, lastEventId, code] of [
      ['no-such-shop', undefined, 'NOT_FOUND'],
      ['x', 'abc', 'BAD_REQUEST'],
    ] as const) {
      const sub = collect<StockEvent>((h) => anon.api.product.onStockChange.subscribe({ shopId, lastEventId }, h));
      await eventually(() => sub.errors.length > 0);
      expect(sub.events).toEqual([]);
      expect((sub.errors[0] as { data?: { code?: string } }).data?.code).toBe(code);
    }
    expect(await errorCode(anon.api.product.snapshot.query({ shopId: 'no-such-shop' }))).toBe('NOT_FOUND');
  });
});
