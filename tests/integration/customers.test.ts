import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardEvent, OrderStreamEvent } from '../../src/shared/events.js';
import { orderNumber } from '../../src/shared/orderNumber.js';
import { migrations } from '../../migrations/index.js';
import { connect, errorCode, registerBuyer, zodIssues } from '../support/clients.js';
import { setupShop } from '../support/fixtures.js';
import { expectRefusal, moneyState, rowOf } from '../support/rows.js';
import { openTestDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { collect } from '../support/subscriptions.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server[Symbol.asyncDispose]();
});

const home = { name: 'Bea Buyer', line1: '12 Harbour Street', line2: 'Flat 3', city: 'Bristol', postalCode: 'BS1 4RN', country: 'GB' };
const office = { name: 'Bea at work', line1: '1 Market Square', city: 'Leeds', postalCode: 'LS1 6DT', country: 'GB' };

describe('account.update', () => {
  it('saves a name and a shipping address, answers the user as auth.me does, and forgets the address on null', async () => {
    await using anon = connect(server.url);
    const { token } = await registerBuyer(anon.api);
    await using buyer = connect(server.url, token);
    expect((await buyer.api.auth.me.query()).shippingAddress).toBeNull();

    const updated = await buyer.api.account.update.mutate({ name: '  Bea Buyer ', shippingAddress: { ...home, country: 'gb' } });
    expect(updated).toMatchObject({ name: 'Bea Buyer', shippingAddress: home });
    expect(await buyer.api.auth.me.query()).toEqual(updated);
    // A blank second line is no second line.
    expect((await buyer.api.account.update.mutate({ shippingAddress: { ...office, line2: '  ' } })).shippingAddress).toEqual(office);
    expect((await buyer.api.account.update.mutate({ name: 'Bea B.' })).shippingAddress).toEqual(office);
    expect(await buyer.api.account.update.mutate({ shippingAddress: null })).toMatchObject({ name: 'Bea B.', shippingAddress: null });
  });

  it('refuses a country that is not ISO 3166-1 alpha-2, a missing line, an empty name, and strangers; nothing changes', async () => {
    await using anon = connect(server.url);
    const { token, user } = await registerBuyer(anon.api);
    await using buyer = connect(server.url, token);
    await buyer.api.account.update.mutate({ shippingAddress: home });
    const row = () => rowOf(server.app.deps.db, sql`select name, shipping_address from users where id = ${user.id}`);
    const before = await row();
    const issues = await zodIssues(buyer.api.account.update.mutate({ shippingAddress: { ...home, country: 'ZZ' } }));
    expect(issues).toMatchObject([{ path: ['shippingAddress', 'country'], message: 'country must be an ISO 3166-1 alpha-2 code, e.g. US, DE or JP' }]);
    expect(await errorCode(buyer.api.account.update.mutate({ shippingAddress: { ...home, country: 'GBR' } }))).toBe('BAD_REQUEST');
    expect(await errorCode(buyer.api.account.update.mutate({ shippingAddress: { ...home, line1: ' ' } }))).toBe('BAD_REQUEST');
    expect(await errorCode(buyer.api.account.update.mutate({ shippingAddress: { name: 'x' } as never }))).toBe('BAD_REQUEST');
    expect(await errorCode(buyer.api.account.update.mutate({ name: '' }))).toBe('BAD_REQUEST');
    expect(await errorCode(anon.api.account.update.mutate({ name: 'Nobody' }))).toBe('UNAUTHORIZED');
    expect(await row()).toEqual(before);
  });
});

describe('orders carry the customer and the address', () => {
  it("takes the buyer's name, email and saved address, or the address given; later changes to the account leave placed orders alone", async () => {
    await using shop = await setupShop(server.url, [{ stock: 10 }]);
    const productId = shop.products[0]?.id ?? '';
    const me = await shop.buyer.api.account.update.mutate({ name: 'Bea Buyer', shippingAddress: home });
    const saved = await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity: 1 }] });
    expect(saved).toMatchObject({ customer: { name: 'Bea Buyer', email: me.email }, shippingAddress: home, trackingNumber: null });
    const given = await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity: 1 }], shippingAddress: office });
    expect(given.shippingAddress).toEqual(office);

    await shop.buyer.api.account.update.mutate({ name: 'Bea Renamed', shippingAddress: null });
    const [first, second] = await Promise.all([saved, given].map((o) => shop.seller.api.order.get.query({ orderId: o.id })));
    expect(first).toMatchObject({ customer: { name: 'Bea Buyer' }, shippingAddress: home });
    expect(second?.shippingAddress).toEqual(office);
    const none = await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity: 1 }] });
    expect(none).toMatchObject({ customer: { name: 'Bea Renamed' }, shippingAddress: null });
    expect((await shop.seller.api.order.list.query({ shopId: shop.shopId })).items.map((o) => o.customer.name)).toEqual(['Bea Renamed', 'Bea Buyer', 'Bea Buyer']);
    expect(await errorCode(shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity: 1 }], shippingAddress: { ...office, country: 'XX' } }))).toBe('BAD_REQUEST');
  });
});

describe("'shipped' with a tracking number", () => {
  it('stores it on the order; the shop, the order stream, My orders and the buyer hear it; only a move to shipped takes one', async () => {
    await using shop = await setupShop(server.url, [{ stock: 10 }]);
    const order = await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: shop.products[0]?.id ?? '', quantity: 1 }] });
    await shop.seller.api.order.updateStatus.mutate({ orderId: order.id, status: 'confirmed' });
    const before = await moneyState(server.app.deps.db);
    await expectRefusal(shop.seller.api.order.updateStatus.mutate({ orderId: order.id, status: 'delivered', trackingNumber: '1Z' }), 'BAD_REQUEST', /tracking number goes with the move to shipped only/, 'tracking_needs_shipped');
    expect(await errorCode(shop.seller.api.order.updateStatus.mutate({ orderId: order.id, status: 'shipped', trackingNumber: ' ' }))).toBe('BAD_REQUEST');
    expect(await moneyState(server.app.deps.db)).toEqual(before);

    const { cursor } = await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId });
    const dash = collect<DashboardEvent>((h) => shop.seller.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId, lastEventId: cursor }, h));
    const stream = collect<OrderStreamEvent>((h) => shop.buyer.api.order.onOrderStatus.subscribe({ orderId: order.id, lastEventId: cursor }, h));
    const mine = collect<OrderStreamEvent>((h) => shop.buyer.api.order.onMyOrders.subscribe({ lastEventId: cursor }, h));
    const shipped = await shop.seller.api.order.updateStatus.mutate({ orderId: order.id, status: 'shipped', trackingNumber: ' 1Z999AA10123456784 ' });
    expect(shipped).toMatchObject({ status: 'shipped', trackingNumber: '1Z999AA10123456784' });
    expect((await dash.waitFor(1))[0]?.data).toEqual({ type: 'order_status_changed', orderId: order.id, status: 'shipped', previousStatus: 'confirmed', by: 'shop', trackingNumber: '1Z999AA10123456784' });
    expect((await stream.waitFor(1))[0]?.data).toEqual({ orderId: order.id, status: 'shipped', previousStatus: 'confirmed', at: expect.any(Date) as Date, trackingNumber: '1Z999AA10123456784' });
    expect((await mine.waitFor(1))[0]?.data).toEqual((await stream.waitFor(1))[0]?.data);
    const [notice] = (await shop.buyer.api.notification.list.query({})).items;
    expect(notice).toMatchObject({ title: `Order ${orderNumber(order.id)} shipped`, body: expect.stringContaining('was shipped (tracking number 1Z999AA10123456784)') as string });
    expect((await shop.buyer.api.order.get.query({ orderId: order.id })).trackingNumber).toBe('1Z999AA10123456784');
    for (const s of [dash, stream, mine]) s.unsubscribe();
  });
});

describe('migration 0011 on a database with orders', () => {
  it('gives old orders their customer, no address and no release time (nobody asked those buyers to pay)', async () => {
    await using database = await openTestDatabase({ migrated: false });
    const { db } = database;
    const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0011'));
    await new Migrator({ db, provider: { getMigrations: () => Promise.resolve(before) } }).migrateToLatest();
    await db.insertInto('users').values({ id: 'b', email: 'old@example.test', name: 'Old Buyer', role: 'buyer', password_hash: 'x', created_at: 0 }).execute();
    await db.insertInto('shops').values({ id: 'shop', name: 'Old', created_at: 0 }).execute();
    await db
      .insertInto('orders')
      .values({ id: 'o1', shop_id: 'shop', buyer_id: 'b', status: 'pending', total_cents: 300, profit_cents: 150, idempotency_key: null, created_at: 20, updated_at: 30 } as never)
      .execute();
    const { error } = await new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } }).migrateToLatest();
    expect(error).toBeUndefined();
    const order = await db.selectFrom('orders').selectAll().where('id', '=', 'o1').executeTakeFirstOrThrow();
    expect(order).toMatchObject({
      customer_name: 'Old Buyer',
      customer_email: 'old@example.test',
      shipping_address: null,
      tracking_number: null,
      payment_status: 'unpaid',
      paid_cents: 0,
      refunded_cents: 0,
      decline_reason: null,
      pay_by: null,
    });
  });
});
