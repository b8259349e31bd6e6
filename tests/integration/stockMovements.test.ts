import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import type { DashboardEvent } from '../../src/shared/events.js';
import type { StockMovement } from '../../src/shared/purchasing.js';
import { connect, errorCode, type Api, type TestClient } from '../support/clients.js';
import { openTestDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { collect } from '../support/subscriptions.js';
import { setupTeam } from '../support/team.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server[Symbol.asyncDispose]();
});

async function allMovements(api: Api, shopId: string, productId?: string): Promise<StockMovement[]> {
  const items: StockMovement[] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<Api['inventory']['movements']['query']>> = await api.inventory.movements.query({ shopId, productId, cursor, limit: 3 });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return items;
}

describe('inventory.movements', () => {
  it('after orders, cancels, adjustments and receipts, each product’s movements add up to its stock, newest first, each with the stock it left', async () => {
    await using shop = await setupTeam(server.url, [
      { name: 'Beans', stock: 10 },
      { name: 'Filter', stock: 0 },
      { name: 'Mug', stock: 4 },
    ]);
    const [beans, filter, mug] = shop.products.map((p) => p.id) as [string, string, string];
    const owner = shop.seller.api;

    const first = await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: beans, quantity: 3 }, { productId: mug, quantity: 1 }] });
    const second = await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: beans, quantity: 2 }] });
    await shop.staff.client.api.order.updateStatus.mutate({ orderId: first.id, status: 'cancelled' });
    await shop.buyer.api.order.cancelMine.mutate({ orderId: second.id });
    await shop.staff.client.api.inventory.adjust.mutate({ productId: mug, delta: -2, reason: 'broken in the store room' });
    await owner.inventory.adjust.mutate({ productId: beans, delta: 5, reason: 'found a box' });
    const supplier = await owner.supplier.create.mutate({ shopId: shop.shopId, name: 'Roastery' });
    const po = await owner.purchaseOrder.create.mutate({
      shopId: shop.shopId,
      supplierId: supplier.id,
      lines: [
        { productId: filter, quantity: 8, unitCostCents: 50 },
        { productId: beans, quantity: 4, unitCostCents: 400 },
      ],
    });
    await owner.purchaseOrder.setStatus.mutate({ purchaseOrderId: po.id, status: 'ordered' });
    await shop.staff.client.api.purchaseOrder.receive.mutate({ purchaseOrderId: po.id, lines: [{ productId: filter, quantity: 5 }] });
    await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: filter, quantity: 1 }] });

    const products = await owner.product.list.query({ shopId: shop.shopId });
    const ledger = await allMovements(owner, shop.shopId);
    for (const product of products) {
      const own = ledger.filter((m) => m.productId === product.id);
      expect(own.reduce((sum, m) => sum + m.delta, 0), product.name).toBe(product.stock);
      // Newest first: the first row's stockAfter is the stock now, and each row's stock minus its delta is the row below's.
      expect(own[0]?.stockAfter ?? 0).toBe(product.stock);
      for (const [i, m] of own.entries()) expect(m.stockAfter - m.delta).toBe(own[i + 1]?.stockAfter ?? 0);
      expect(await allMovements(owner, shop.shopId, product.id)).toEqual(own);
    }
    expect(products.map((p) => [p.name, p.stock])).toEqual([
      ['Beans', 15],
      ['Filter', 4],
      ['Mug', 2],
    ]);
    const ids = ledger.map((m) => Number(m.id));
    expect(new Set(ids).size).toBe(ids.length);

    const ownerId = (await owner.auth.me.query()).id;
    const beansKinds = ledger.filter((m) => m.productId === beans).map((m) => [m.kind, m.delta, m.by]);
    expect(beansKinds).toEqual([
      ['adjust', 5, ownerId],
      ['cancel', 2, shop.buyerId],
      ['cancel', 3, shop.staff.userId],
      ['order', -2, shop.buyerId],
      ['order', -3, shop.buyerId],
      ['adjust', 10, ownerId],
    ]);
    const receipt = ledger.find((m) => m.kind === 'purchase');
    expect(receipt).toMatchObject({ productId: filter, productName: 'Filter', delta: 5, stockAfter: 5, purchaseOrderId: po.id, by: shop.staff.userId, orderId: null });
    expect(ledger.find((m) => m.reason === 'broken in the store room')).toMatchObject({ kind: 'adjust', delta: -2, stockAfter: 2, by: shop.staff.userId, byName: 'Seller' });
    expect(ledger.filter((m) => m.kind === 'order' && m.productId === mug)).toEqual([expect.objectContaining({ orderId: first.id, delta: -1, stockAfter: 3 })]);
  });

  it('sends one stock_movement per movement row over WebSocket, to staff too, and restocked when a product comes back from 0', async () => {
    await using shop = await setupTeam(server.url, [{ name: 'Beans', stock: 2 }]);
    const beans = shop.products[0]?.id ?? '';
    const { eventCursor } = await shop.staff.client.api.inventory.movements.query({ shopId: shop.shopId });
    const staffEvents = collect<DashboardEvent>((h) => shop.staff.client.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId, lastEventId: eventCursor }, h));
    await staffEvents.started;

    await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: beans, quantity: 2 }] });
    await shop.seller.api.inventory.adjust.mutate({ productId: beans, delta: 3, reason: 'recount' });

    const ledger = await allMovements(shop.seller.api, shop.shopId);
    const newRows = ledger.slice(0, 2).reverse();
    await waitForType(staffEvents, 'restocked', 1);
    const movements = staffEvents.events.map((e) => e.data).filter((e) => e.type === 'stock_movement');
    expect(movements.map((e) => e.movement)).toEqual(newRows);
    expect(staffEvents.events.map((e) => e.data).filter((e) => e.type === 'restocked')).toEqual([{ type: 'restocked', productId: beans, productName: 'Beans', stock: 3 }]);
    staffEvents.unsubscribe();
  });

  it('refuses buyers, sellers of other shops, another shop’s product, and a cursor it did not give', async () => {
    await using shop = await setupTeam(server.url, [{}]);
    await using other = await setupTeam(server.url, [{}]);
    expect(await errorCode(shop.buyer.api.inventory.movements.query({ shopId: shop.shopId }))).toBe('FORBIDDEN');
    expect(await errorCode(shop.outsider.client.api.inventory.movements.query({ shopId: shop.shopId }))).toBe('FORBIDDEN');
    expect(await errorCode(shop.seller.api.inventory.movements.query({ shopId: shop.shopId, productId: other.products[0]?.id ?? '' }))).toBe('NOT_FOUND');
    expect(await errorCode(shop.seller.api.inventory.movements.query({ shopId: 'no-such-shop' }))).toBe('NOT_FOUND');
    expect(await errorCode(shop.seller.api.inventory.movements.query({ shopId: shop.shopId, cursor: 'garbage' }))).toBe('BAD_REQUEST');
    expect(await errorCode(shop.seller.api.inventory.movements.query({ shopId: shop.shopId, limit: 0 }))).toBe('BAD_REQUEST');
    const anon: TestClient = connect(server.url);
    expect(await errorCode(anon.api.inventory.movements.query({ shopId: shop.shopId }))).toBe('UNAUTHORIZED');
    await anon.close();
  });
});

async function waitForType(stream: { events: { data: DashboardEvent }[]; waitFor(n: number): Promise<unknown> }, type: DashboardEvent['type'], count: number): Promise<void> {
  for (let n = stream.events.length + 1; stream.events.filter((e) => e.data.type === type).length < count; n++) await stream.waitFor(n);
}

describe('the demo shop', () => {
  it('starts with a ledger that adds up: an opening row per seeded product', async () => {
    await using demo = await startTestServer({ SEED_DEMO: 'true' });
    await using anon = connect(demo.url);
    const { token } = await anon.api.auth.login.mutate({ email: 'seller@shopwire.test', password: 'demo-seller-pass' });
    await using seller = connect(demo.url, token);
    const shopId = (await seller.api.auth.me.query()).shopIds[0] ?? '';
    const [products, ledger] = await Promise.all([seller.api.product.list.query({ shopId }), allMovements(seller.api, shopId)]);
    expect(products.length).toBeGreaterThan(0);
    for (const product of products) {
      expect(ledger.filter((m) => m.productId === product.id).map((m) => [m.kind, m.reason, m.delta, m.stockAfter])).toEqual([['adjust', 'opening stock', product.stock, product.stock]]);
    }
    expect((await seller.api.supplier.list.query({ shopId })).map((s) => s.name)).toEqual(['Hillside Roastery']);
  });
});

describe('migration 0008', () => {
  it('gives old movements a kind, the buyer of an order, an opening row where stock was set outside the ledger, and running stock_after', async () => {
    await using database = await openTestDatabase({ migrated: false });
    const { db } = database;
    const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0008'));
    await new Migrator({ db, provider: { getMigrations: () => Promise.resolve(before) } }).migrateToLatest();
    const user = (id: string, role: 'buyer' | 'seller') => ({ id, email: `${id}@example.test`, name: id, role, password_hash: 'x', created_at: 0 });
    await db.insertInto('users').values([user('s', 'seller'), user('b', 'buyer')]).execute();
    await db.insertInto('shops').values({ id: 'shop', name: 'Old', created_at: 0 }).execute();
    const product = (id: string, stock: number) => ({ id, shop_id: 'shop', name: id, sku: id, price_cents: 100, cost_cents: 50, stock, low_stock_threshold: 1, created_at: 10 });
    await db.insertInto('products').values([product('p1', 7), product('p2', 0)]).execute();
    await db
      .insertInto('orders')
      .values({ id: 'o1', shop_id: 'shop', buyer_id: 'b', status: 'cancelled', total_cents: 300, profit_cents: 150, idempotency_key: null, created_at: 20, updated_at: 30 } as never)
      .execute();
    // Rows as 0001 made them: p1 started at 10 outside the ledger, sold 3, got 3 back, then 3 were written off; p2 had nothing.
    const old = (delta: number, reason: string, orderId: string | null, at: number) => ({ product_id: 'p1', delta, reason, order_id: orderId, created_at: at }) as never;
    await db.insertInto('stock_movements').values([old(-3, 'order', 'o1', 20), old(3, 'order cancelled', 'o1', 30), old(-3, 'damaged', null, 40)]).execute();

    const { error } = await new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } }).migrateToLatest();
    expect(error).toBeUndefined();
    const rows = await db
      .selectFrom('stock_movements')
      .select(['product_id', 'delta', 'reason', 'kind', 'stock_after', 'by_user_id', 'created_at'])
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { product_id: 'p1', delta: 10, reason: 'opening stock', kind: 'adjust', stock_after: 10, by_user_id: null, created_at: 10 },
      { product_id: 'p1', delta: -3, reason: 'order', kind: 'order', stock_after: 7, by_user_id: 'b', created_at: 20 },
      { product_id: 'p1', delta: 3, reason: 'order cancelled', kind: 'cancel', stock_after: 10, by_user_id: null, created_at: 30 },
      { product_id: 'p1', delta: -3, reason: 'damaged', kind: 'adjust', stock_after: 7, by_user_id: null, created_at: 40 },
    ]);
  });
});
