import type { TRPCClientError } from '@trpc/client';
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import type { AppRouter } from '../../src/server/router.js';
import type { DashboardEvent, OrderStreamEvent } from '../../src/shared/events.js';
import { codeOf, connect, connectSse, errorCode, registerBuyer, registerSeller, zodIssues, type TestClient } from '../support/clients.js';
import { setupShop, type ShopFixture } from '../support/fixtures.js';
import { openTestDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { collect, eventually } from '../support/subscriptions.js';

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

const messageOf = (error: unknown) => (error as Error).message;
const reasonOf = (error: unknown) => (error as TRPCClientError<AppRouter>).data?.reason;

async function failure(call: Promise<unknown>): Promise<{ code: string | undefined; message: string }> {
  try {
    await call;
  } catch (error) {
    return { code: codeOf(error), message: messageOf(error) };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** Another seller account (with its own shop), signed in over WebSocket, and its email for team.add. */
async function newSeller(): Promise<{ client: TestClient; email: string; userId: string; token: string; ownShopId: string }> {
  const account = await registerSeller(anon.api);
  return { client: connect(server.url, account.token), email: account.user.email, userId: account.user.id, token: account.token, ownShopId: account.shopId };
}

/** A shop (owner, buyer, two products) plus a manager and a staff member added by the owner. */
async function setupTeam(): Promise<ShopFixture & { manager: Awaited<ReturnType<typeof newSeller>>; staff: Awaited<ReturnType<typeof newSeller>> }> {
  const shop = await setupShop(server.url, [
    { name: 'Beans', priceCents: 1200, costCents: 500, stock: 50, lowStockThreshold: 2 },
    { name: 'Filter', priceCents: 300, costCents: 100, stock: 50, lowStockThreshold: 2 },
  ]);
  const [manager, staff] = await Promise.all([newSeller(), newSeller()]);
  await shop.seller.api.team.add.mutate({ shopId: shop.shopId, email: manager.email, role: 'manager' });
  await shop.seller.api.team.add.mutate({ shopId: shop.shopId, email: staff.email, role: 'staff' });
  const dispose = shop[Symbol.asyncDispose].bind(shop);
  return Object.assign(shop, {
    manager,
    staff,
    async [Symbol.asyncDispose]() {
      await Promise.all([dispose(), manager.client.close(), staff.client.close()]);
    },
  });
}

function placeOne(shop: ShopFixture) {
  return shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: shop.products[0]?.id ?? '', quantity: 2 }] });
}

const teamRows = (server: TestServer, shopId: string) =>
  server.app.deps.db.selectFrom('shop_sellers').select(['user_id', 'role']).where('shop_id', '=', shopId).orderBy('user_id').execute();

describe('migration 0004', () => {
  it('makes every member of a shop from before roles an owner', async () => {
    await using database = await openTestDatabase({ migrated: false });
    const { db } = database;
    const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0004'));
    await new Migrator({ db, provider: { getMigrations: () => Promise.resolve(before) } }).migrateToLatest();
    const user = (id: string) => ({ id, email: `${id}@example.test`, name: id, role: 'seller' as const, password_hash: 'x', created_at: 0 });
    await db.insertInto('users').values([user('u1'), user('u2')]).execute();
    await db.insertInto('shops').values({ id: 's1', name: 'Old', created_at: 0 }).execute();
    // Rows as 0001 made them: no role column yet.
    await db
      .insertInto('shop_sellers')
      .values([{ shop_id: 's1', user_id: 'u1' } as never, { shop_id: 's1', user_id: 'u2' } as never])
      .execute();
    const { error } = await new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } }).migrateToLatest();
    expect(error).toBeUndefined();
    expect(await db.selectFrom('shop_sellers').select(['user_id', 'role']).orderBy('user_id').execute()).toEqual([
      { user_id: 'u1', role: 'owner' },
      { user_id: 'u2', role: 'owner' },
    ]);
    // The column refuses a role the contract does not name.
    await expect(db.updateTable('shop_sellers').set({ role: 'boss' as never }).execute()).rejects.toThrow(/CHECK constraint|violates check constraint/);
  });
});

describe('auth.me().shops', () => {
  it("lists each shop the seller belongs to with its name and the seller's role there", async () => {
    await using shop = await setupTeam();
    const me = await shop.staff.client.api.auth.me.query();
    expect(me.shopIds).toEqual([shop.staff.ownShopId, shop.shopId].sort());
    expect(me.shops).toHaveLength(2);
    const names = new Map((await server.app.deps.db.selectFrom('shops').select(['id', 'name']).execute()).map((s) => [s.id, s.name]));
    expect(me.shops).toContainEqual({ id: shop.staff.ownShopId, name: names.get(shop.staff.ownShopId), role: 'owner' });
    expect(me.shops).toContainEqual({ id: shop.shopId, name: names.get(shop.shopId), role: 'staff' });
    expect(me.shops.map((s) => s.id)).toEqual(me.shopIds);
    expect((await shop.buyer.api.auth.me.query()).shops).toEqual([]);
  });
});

describe('team.list', () => {
  it('shows every member, owners first, with whether they have a live connection open', async () => {
    await using shop = await setupTeam();
    // A member who only makes plain HTTP calls has no live connection.
    const away = await registerSeller(anon.api);
    await shop.seller.api.team.add.mutate({ shopId: shop.shopId, email: away.user.email, role: 'staff' });
    const awayHttp = connect(server.url, away.token, 'http');
    // The SDK sends auth.* over HTTP; anything else opens its WebSocket.
    await shop.staff.client.api.order.list.query({ shopId: shop.shopId });
    const owner = await shop.seller.api.auth.me.query();
    const list = await awayHttp.api.team.list.query({ shopId: shop.shopId });
    expect(list.map((m) => m.role)).toEqual(['owner', 'manager', 'staff', 'staff']);
    expect(list[0]).toEqual({ userId: owner.id, email: owner.email, name: owner.name, role: 'owner', online: true });
    expect(list.find((m) => m.userId === shop.staff.userId)).toMatchObject({ email: shop.staff.email, role: 'staff', online: true });
    expect(list.find((m) => m.userId === away.user.id)).toMatchObject({ role: 'staff', online: false });
    await shop.staff.client.close();
    await eventually(async () => (await shop.seller.api.team.list.query({ shopId: shop.shopId })).find((m) => m.userId === shop.staff.userId)?.online === false);
  });

  it('refuses the signed out, buyers and sellers outside the shop; an unknown shop is NOT_FOUND', async () => {
    await using shop = await setupTeam();
    const outsider = await newSeller();
    expect(await errorCode(anon.api.team.list.query({ shopId: shop.shopId }))).toBe('UNAUTHORIZED');
    expect(await errorCode(shop.buyer.api.team.list.query({ shopId: shop.shopId }))).toBe('FORBIDDEN');
    expect(await failure(outsider.client.api.team.list.query({ shopId: shop.shopId }))).toEqual({ code: 'FORBIDDEN', message: 'You are not a member of this shop' });
    expect(await errorCode(shop.seller.api.team.list.query({ shopId: 'no-such-shop' }))).toBe('NOT_FOUND');
    expect(await errorCode(shop.seller.api.team.list.query({ shopId: '' }))).toBe('BAD_REQUEST');
    await outsider.client.close();
  });
});

describe('team.add', () => {
  it('adds an existing seller account by email as manager or staff; the member can then work in the shop', async () => {
    await using shop = await setupShop(server.url);
    const helper = await newSeller();
    expect(await errorCode(helper.client.api.order.list.query({ shopId: shop.shopId }))).toBe('FORBIDDEN');
    const member = await shop.seller.api.team.add.mutate({ shopId: shop.shopId, email: ` ${helper.email.toUpperCase()}`.trim(), role: 'staff' });
    expect(member).toEqual({ userId: helper.userId, email: helper.email, name: 'Seller', role: 'staff', online: true });
    expect((await helper.client.api.order.list.query({ shopId: shop.shopId })).items).toEqual([]);
    await helper.client.close();
  });

  it('answers CONFLICT for a member added twice and NOT_FOUND, in words, for an unknown email or a buyer account; nothing changes', async () => {
    await using shop = await setupTeam();
    const before = await teamRows(server, shop.shopId);
    expect(await failure(shop.seller.api.team.add.mutate({ shopId: shop.shopId, email: shop.staff.email, role: 'manager' }))).toEqual({
      code: 'CONFLICT',
      message: `${shop.staff.email} is already on this shop's team (as staff)`,
    });
    expect(await failure(shop.seller.api.team.add.mutate({ shopId: shop.shopId, email: 'nobody@example.test', role: 'staff' }))).toEqual({
      code: 'NOT_FOUND',
      message: 'No seller account uses nobody@example.test: they need to register as a seller first, then you can add them',
    });
    const buyer = await registerBuyer(anon.api);
    expect(await errorCode(shop.seller.api.team.add.mutate({ shopId: shop.shopId, email: buyer.user.email, role: 'staff' }))).toBe('NOT_FOUND');
    expect(await teamRows(server, shop.shopId)).toEqual(before);
  });

  it('is for owners only, and refuses bad input with zod issues; nothing changes', async () => {
    await using shop = await setupTeam();
    const newcomer = await newSeller();
    const before = await teamRows(server, shop.shopId);
    const add = (client: TestClient) => client.api.team.add.mutate({ shopId: shop.shopId, email: newcomer.email, role: 'staff' });
    expect(await failure(add(shop.manager.client))).toEqual({ code: 'FORBIDDEN', message: "Only the shop's owners can manage its team or rename it" });
    expect(await errorCode(add(shop.staff.client))).toBe('FORBIDDEN');
    expect(await errorCode(add(shop.buyer))).toBe('FORBIDDEN');
    expect(await errorCode(add(anon))).toBe('UNAUTHORIZED');
    expect(await errorCode(add(newcomer.client))).toBe('FORBIDDEN');
    expect(await zodIssues(shop.seller.api.team.add.mutate({ shopId: shop.shopId, email: 'not an email', role: 'staff' }))).toMatchObject([{ path: ['email'] }]);
    // Owners are made with setRole, from members the owner already trusts.
    expect(await zodIssues(shop.seller.api.team.add.mutate({ shopId: shop.shopId, email: newcomer.email, role: 'owner' as never }))).toMatchObject([{ path: ['role'] }]);
    expect(await errorCode(shop.seller.api.team.add.mutate({ shopId: 'no-such-shop', email: newcomer.email, role: 'staff' }))).toBe('NOT_FOUND');
    expect(await teamRows(server, shop.shopId)).toEqual(before);
    await newcomer.client.close();
  });
});

describe('what each role may do', () => {
  it('lets staff see orders, move them, see inventory and adjust stock, but not create or edit products', async () => {
    await using shop = await setupTeam();
    const staff = shop.staff.client.api;
    const order = await placeOne(shop);
    expect((await staff.order.list.query({ shopId: shop.shopId })).items.map((o) => o.id)).toEqual([order.id]);
    expect((await staff.order.updateStatus.mutate({ orderId: order.id, status: 'confirmed' })).status).toBe('confirmed');
    expect(await staff.inventory.adjust.mutate({ productId: shop.products[1]?.id ?? '', delta: 5, reason: 'found a box' })).toEqual({ productId: shop.products[1]?.id, stock: 55 });
    expect(await staff.product.list.query({ shopId: shop.shopId })).toHaveLength(2);

    const product = { shopId: shop.shopId, name: 'Kettle', sku: 'K-1', priceCents: 4500, costCents: 2000, stock: 3 };
    expect(await failure(staff.product.create.mutate(product))).toEqual({ code: 'FORBIDDEN', message: "Only the shop's owners and managers can create or edit products" });
    expect(await errorCode(staff.product.update.mutate({ productId: shop.products[0]?.id ?? '', priceCents: 1 }))).toBe('FORBIDDEN');
    expect(await staff.product.list.query({ shopId: shop.shopId })).toHaveLength(2);
    expect((await staff.product.list.query({ shopId: shop.shopId })).find((p) => p.id === shop.products[0]?.id)?.priceCents).toBe(1200);

    // Managers may.
    const created = await shop.manager.client.api.product.create.mutate(product);
    expect(created).toMatchObject({ name: 'Kettle', costCents: 2000 });
    expect(await shop.manager.client.api.product.update.mutate({ productId: created.id, costCents: 2100 })).toMatchObject({ costCents: 2100 });
  });

  it('gives staff no cost or profit in any answer, while owners and managers get them', async () => {
    await using shop = await setupTeam();
    const order = await placeOne(shop);
    const profit = 2 * (1200 - 500);
    for (const full of [shop.seller, shop.manager.client]) {
      expect((await full.api.dashboard.stats.query({ shopId: shop.shopId })).profitCents).toBe(profit);
      expect((await full.api.order.get.query({ orderId: order.id })).profitCents).toBe(profit);
      expect((await full.api.order.list.query({ shopId: shop.shopId })).items[0]?.profitCents).toBe(profit);
      expect((await full.api.product.list.query({ shopId: shop.shopId })).map((p) => p.costCents)).toEqual([500, 100]);
    }
    const staff = shop.staff.client.api;
    const stats = await staff.dashboard.stats.query({ shopId: shop.shopId });
    expect(stats).toMatchObject({ orderCount: 1, revenueCents: 2400, profitCents: null });
    // Staff see whether an order is paid, not the amounts (CONTRACT "Payments, customers, shipping").
    const staffView = { ...order, profitCents: null, payment: { ...order.payment, paidCents: null, refundedCents: null } };
    expect(await staff.order.get.query({ orderId: order.id })).toEqual(staffView);
    expect((await staff.order.list.query({ shopId: shop.shopId })).items).toEqual([staffView]);
    expect((await staff.order.updateStatus.mutate({ orderId: order.id, status: 'confirmed' })).profitCents).toBeNull();
    expect((await staff.product.list.query({ shopId: shop.shopId })).map((p) => p.costCents)).toEqual([null, null]);
    expect((await staff.product.snapshot.query({ shopId: shop.shopId })).products.map((p) => p.costCents)).toEqual([null, null]);
    // Only members without the right are refused: CONTRACT gives a buyer's own Order its profitCents.
    expect(order.profitCents).toBe(profit);
  });

  it('gives staff new_order events without profit over WebSocket and SSE, the same event the owner gets with it', async () => {
    await using shop = await setupTeam();
    const { cursor } = await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId });
    const watch = (client: TestClient) => collect<DashboardEvent>((h) => client.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId, lastEventId: cursor }, h));
    const owner = watch(shop.seller);
    const staffWs = watch(shop.staff.client);
    const staffSse = watch(connectSse(server.url, shop.staff.token));
    const managerSse = watch(connectSse(server.url, shop.manager.token));
    // One order before the streams go live (replayed) and one after (live).
    const first = await placeOne(shop);
    await Promise.all([owner, staffWs, staffSse, managerSse].map((s) => s.started));
    await eventually(() => server.app.deps.live.size() >= 4);
    const second = await placeOne(shop);
    const newOrders = async (stream: ReturnType<typeof watch>) => {
      await stream.waitFor(4);
      return stream.events.filter((e) => e.data.type === 'new_order').map((e) => ({ id: e.id, profit: e.data.type === 'new_order' ? e.data.order.profitCents : 'x' }));
    };
    const ownerOrders = await newOrders(owner);
    expect(ownerOrders.map((o) => o.profit)).toEqual([1400, 1400]);
    for (const full of [managerSse]) expect(await newOrders(full)).toEqual(ownerOrders);
    for (const staff of [staffWs, staffSse]) expect(await newOrders(staff)).toEqual(ownerOrders.map((o) => ({ ...o, profit: null })));
    const staffNewOrder = staffSse.events.find((e) => e.data.type === 'new_order')?.data;
    expect(staffNewOrder).toEqual({ type: 'new_order', order: { ...first, profitCents: null, payment: { ...first.payment, paidCents: null, refundedCents: null } } });
    expect(staffWs.events.map((e) => e.data.type)).toEqual(owner.events.map((e) => e.data.type));
    expect(second.profitCents).toBe(1400);
    for (const s of [owner, staffWs, staffSse, managerSse]) s.unsubscribe();
    await eventually(() => server.app.deps.live.size() === 0);
  });
});

describe('team.remove', () => {
  it("ends the removed member's open streams of the shop with FORBIDDEN at once, over WebSocket and SSE, and refuses them from then on", async () => {
    await using shop = await setupTeam();
    const order = await placeOne(shop);
    const dashWs = collect<DashboardEvent>((h) => shop.staff.client.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId }, h));
    const dashSse = collect<DashboardEvent>((h) => connectSse(server.url, shop.staff.token).api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId }, h));
    const orderWs = collect<OrderStreamEvent>((h) => shop.staff.client.api.order.onOrderStatus.subscribe({ orderId: order.id }, h));
    // Their stream of their own shop is not this shop's: it keeps running.
    const ownShop = collect<DashboardEvent>((h) => shop.staff.client.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.staff.ownShopId }, h));
    const ownerDash = collect<DashboardEvent>((h) => shop.seller.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId }, h));
    await eventually(() => server.app.deps.live.size() === 5);

    expect(await shop.seller.api.team.remove.mutate({ shopId: shop.shopId, userId: shop.staff.userId })).toEqual({ removed: true });
    // Ended by the time the answer came: no waiting.
    expect(server.app.deps.live.size()).toBe(2);
    await eventually(() => dashWs.errors.length > 0 && dashSse.errors.length > 0 && orderWs.errors.length > 0);
    for (const ended of [dashWs, dashSse, orderWs]) expect(codeOf(ended.errors[0])).toBe('FORBIDDEN');
    expect(ownShop.errors).toEqual([]);
    expect(ownerDash.errors).toEqual([]);

    expect(await errorCode(shop.staff.client.api.order.list.query({ shopId: shop.shopId }))).toBe('FORBIDDEN');
    expect(await errorCode(shop.staff.client.api.order.get.query({ orderId: order.id }))).toBe('FORBIDDEN');
    const again = collect<DashboardEvent>((h) => shop.staff.client.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId, lastEventId: '0' }, h));
    await eventually(() => again.errors.length > 0);
    expect(again.events).toEqual([]);
    expect(codeOf(again.errors[0])).toBe('FORBIDDEN');
    expect((await shop.staff.client.api.auth.me.query()).shopIds).toEqual([shop.staff.ownShopId]);
    expect((await shop.seller.api.team.list.query({ shopId: shop.shopId })).map((m) => m.role)).toEqual(['owner', 'manager']);
    ownShop.unsubscribe();
    ownerDash.unsubscribe();
    await eventually(() => server.app.deps.live.size() === 0);
  });

  it('is for owners only; a non-member is NOT_FOUND; nothing changes', async () => {
    await using shop = await setupTeam();
    const before = await teamRows(server, shop.shopId);
    const remove = (client: TestClient, userId: string) => client.api.team.remove.mutate({ shopId: shop.shopId, userId });
    expect(await errorCode(remove(shop.manager.client, shop.staff.userId))).toBe('FORBIDDEN');
    expect(await errorCode(remove(shop.staff.client, shop.staff.userId))).toBe('FORBIDDEN');
    expect(await errorCode(remove(shop.buyer, shop.staff.userId))).toBe('FORBIDDEN');
    expect(await errorCode(remove(anon, shop.staff.userId))).toBe('UNAUTHORIZED');
    expect(await failure(remove(shop.seller, shop.buyerId))).toEqual({ code: 'NOT_FOUND', message: "That person is not on this shop's team" });
    expect(await errorCode(remove(shop.seller, ''))).toBe('BAD_REQUEST');
    expect(await teamRows(server, shop.shopId)).toEqual(before);
  });
});

describe('team.setRole', () => {
  it('changes a role; the member’s open dashboard ends with role_changed and resubscribes as the new role', async () => {
    await using shop = await setupTeam();
    const { cursor } = await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId });
    const ws = collect<DashboardEvent>((h) => shop.manager.client.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId, lastEventId: cursor }, h));
    const sse = collect<DashboardEvent>((h) => connectSse(server.url, shop.manager.token).api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId, lastEventId: cursor }, h));
    const ownerDash = collect<DashboardEvent>((h) => shop.seller.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId, lastEventId: cursor }, h));
    await eventually(() => server.app.deps.live.size() === 3);
    await placeOne(shop);
    expect((await ws.waitFor(1))[0]?.data).toMatchObject({ type: 'new_order', order: { profitCents: 1400 } });

    const changed = await shop.seller.api.team.setRole.mutate({ shopId: shop.shopId, userId: shop.manager.userId, role: 'staff' });
    expect(changed).toMatchObject({ userId: shop.manager.userId, role: 'staff' });
    expect(server.app.deps.live.size()).toBe(1);
    await eventually(() => ws.errors.length > 0 && sse.errors.length > 0);
    for (const ended of [ws, sse]) {
      expect(codeOf(ended.errors[0])).toBe('PRECONDITION_FAILED');
      expect(reasonOf(ended.errors[0])).toBe('role_changed');
    }
    expect(ownerDash.errors).toEqual([]);

    // Resubscribed from the same cursor: the very events it saw with profit come back without.
    const again = collect<DashboardEvent>((h) => shop.manager.client.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId, lastEventId: cursor }, h));
    expect((await again.waitFor(1))[0]?.data).toMatchObject({ type: 'new_order', order: { profitCents: null } });
    expect((await shop.manager.client.api.dashboard.stats.query({ shopId: shop.shopId })).profitCents).toBeNull();
    expect(await errorCode(shop.manager.client.api.product.create.mutate({ shopId: shop.shopId, name: 'X', sku: 'X', priceCents: 1, costCents: 1, stock: 1 }))).toBe('FORBIDDEN');

    // Promoted back: the staff audience's stream ends the same way.
    await shop.seller.api.team.setRole.mutate({ shopId: shop.shopId, userId: shop.manager.userId, role: 'manager' });
    await eventually(() => again.errors.length > 0);
    expect(reasonOf(again.errors[0])).toBe('role_changed');
    // Setting the role a member already has ends nothing.
    const steady = collect<DashboardEvent>((h) => shop.staff.client.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId }, h));
    await eventually(() => server.app.deps.live.size() === 2);
    await shop.seller.api.team.setRole.mutate({ shopId: shop.shopId, userId: shop.staff.userId, role: 'staff' });
    expect(server.app.deps.live.size()).toBe(2);
    steady.unsubscribe();
    ownerDash.unsubscribe();
    await eventually(() => server.app.deps.live.size() === 0);
  });

  it('keeps the last owner: neither demoted nor removed (CONFLICT), while a second owner makes both possible', async () => {
    await using shop = await setupTeam();
    const owner = await shop.seller.api.auth.me.query();
    const last = (action: string) => ({ code: 'CONFLICT', message: `A shop needs an owner: make someone else an owner before you ${action}` });
    expect(await failure(shop.seller.api.team.setRole.mutate({ shopId: shop.shopId, userId: owner.id, role: 'manager' }))).toEqual(last('make them a manager or staff'));
    expect(await failure(shop.seller.api.team.remove.mutate({ shopId: shop.shopId, userId: owner.id }))).toEqual(last('remove them'));
    expect((await teamRows(server, shop.shopId)).filter((r) => r.role === 'owner')).toEqual([{ user_id: owner.id, role: 'owner' }]);

    await shop.seller.api.team.setRole.mutate({ shopId: shop.shopId, userId: shop.manager.userId, role: 'owner' });
    // Now the new owner manages the team too, and the first may step down.
    await shop.manager.client.api.team.setRole.mutate({ shopId: shop.shopId, userId: owner.id, role: 'manager' });
    expect(await errorCode(shop.seller.api.team.add.mutate({ shopId: shop.shopId, email: 'x@example.test', role: 'staff' }))).toBe('FORBIDDEN');
    expect(await failure(shop.manager.client.api.team.remove.mutate({ shopId: shop.shopId, userId: shop.manager.userId }))).toEqual(last('remove them'));
    expect(await shop.manager.client.api.team.remove.mutate({ shopId: shop.shopId, userId: owner.id })).toEqual({ removed: true });
  });

  it('is for owners only; a non-member is NOT_FOUND; a role the contract does not name is BAD_REQUEST; nothing changes', async () => {
    await using shop = await setupTeam();
    const before = await teamRows(server, shop.shopId);
    const set = (client: TestClient, role: 'owner' | 'staff') => client.api.team.setRole.mutate({ shopId: shop.shopId, userId: shop.staff.userId, role });
    expect(await errorCode(set(shop.manager.client, 'owner'))).toBe('FORBIDDEN');
    expect(await errorCode(set(shop.staff.client, 'owner'))).toBe('FORBIDDEN');
    expect(await errorCode(set(shop.buyer, 'owner'))).toBe('FORBIDDEN');
    expect(await errorCode(set(anon, 'owner'))).toBe('UNAUTHORIZED');
    expect(await errorCode(shop.seller.api.team.setRole.mutate({ shopId: shop.shopId, userId: shop.buyerId, role: 'staff' }))).toBe('NOT_FOUND');
    expect(await zodIssues(shop.seller.api.team.setRole.mutate({ shopId: shop.shopId, userId: shop.staff.userId, role: 'admin' as never }))).toMatchObject([{ path: ['role'] }]);
    expect(await teamRows(server, shop.shopId)).toEqual(before);
  });
});

describe('shop names', () => {
  it('lets an owner rename the shop, refuses managers and staff, and keeps names unique among the shops one seller owns', async () => {
    await using shop = await setupTeam();
    const owner = shop.seller.api;
    expect(await owner.shop.update.mutate({ shopId: shop.shopId, name: '  Corner Roastery ' })).toEqual({ id: shop.shopId, name: 'Corner Roastery' });
    expect((await anon.api.shop.list.query()).find((s) => s.id === shop.shopId)?.name).toBe('Corner Roastery');
    expect((await shop.staff.client.api.auth.me.query()).shops.find((s) => s.id === shop.shopId)?.name).toBe('Corner Roastery');
    // Renaming to its own name (any case) is no clash.
    expect(await owner.shop.update.mutate({ shopId: shop.shopId, name: 'corner roastery' })).toEqual({ id: shop.shopId, name: 'corner roastery' });

    const second = await owner.shop.create.mutate({ name: 'Harbour Kiosk' });
    expect(await failure(owner.shop.create.mutate({ name: 'harbour KIOSK' }))).toEqual({
      code: 'CONFLICT',
      message: 'A shop named “harbour KIOSK” already exists among your shops; choose another name',
    });
    expect(await errorCode(owner.shop.update.mutate({ shopId: second.id, name: 'Corner Roastery' }))).toBe('CONFLICT');
    // Another seller's shop of that name is no clash, nor a shop one only works in.
    expect(await shop.staff.client.api.shop.create.mutate({ name: 'Harbour Kiosk' })).toMatchObject({ name: 'Harbour Kiosk' });
    expect(await shop.staff.client.api.shop.create.mutate({ name: 'corner roastery' })).toMatchObject({ name: 'corner roastery' });

    expect(await failure(shop.manager.client.api.shop.update.mutate({ shopId: shop.shopId, name: 'Mine now' }))).toEqual({
      code: 'FORBIDDEN',
      message: "Only the shop's owners can manage its team or rename it",
    });
    expect(await errorCode(shop.staff.client.api.shop.update.mutate({ shopId: shop.shopId, name: 'Mine now' }))).toBe('FORBIDDEN');
    expect(await errorCode(shop.buyer.api.shop.update.mutate({ shopId: shop.shopId, name: 'Mine now' }))).toBe('FORBIDDEN');
    expect(await errorCode(anon.api.shop.update.mutate({ shopId: shop.shopId, name: 'Mine now' }))).toBe('UNAUTHORIZED');
    expect(await errorCode(owner.shop.update.mutate({ shopId: 'no-such-shop', name: 'Mine now' }))).toBe('NOT_FOUND');
    expect(await zodIssues(owner.shop.update.mutate({ shopId: shop.shopId, name: '   ' }))).toMatchObject([{ path: ['name'] }]);
    expect((await anon.api.shop.list.query()).find((s) => s.id === shop.shopId)?.name).toBe('corner roastery');
  });

  it('counts every owner of the shop: a rename may not clash with a shop a co-owner owns', async () => {
    await using shop = await setupTeam();
    await shop.seller.api.team.setRole.mutate({ shopId: shop.shopId, userId: shop.manager.userId, role: 'owner' });
    const coOwned = (await shop.manager.client.api.auth.me.query()).shops.find((s) => s.id === shop.manager.ownShopId)?.name ?? '';
    expect(await errorCode(shop.seller.api.shop.update.mutate({ shopId: shop.shopId, name: coOwned }))).toBe('CONFLICT');
  });
});
