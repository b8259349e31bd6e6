import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardEvent } from '../../src/shared/events.js';
import type { StockMovement } from '../../src/shared/purchasing.js';
import { codeOf, connect, connectSse, errorCode, registerSeller, type Api, type TestClient } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { collect, type Collected } from '../support/subscriptions.js';
import { setupTeam, type Member, type TeamFixture } from '../support/team.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server[Symbol.asyncDispose]();
});

async function failure(call: Promise<unknown>): Promise<{ code: string | undefined; message: string }> {
  try {
    await call;
  } catch (error) {
    return { code: codeOf(error), message: (error as Error).message };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

let counter = 0;

/**
 * Shop A (the team fixture: owner, manager, staff, outsider; Beans SKU-1 x10, Mug SKU-2 x3) and
 * a second shop B of the same owner with Beans under the same SKU (none in stock) and no Mug.
 * The manager manages both; B has a staff member of its own; A's staff is not in B.
 */
interface TwoShops extends AsyncDisposable {
  a: TeamFixture;
  bId: string;
  beansA: string;
  beansB: string;
  bStaff: Member;
}

async function twoShops(): Promise<TwoShops> {
  const a = await setupTeam(server.url, [
    { name: 'Beans', stock: 10, costCents: 600, lowStockThreshold: 3 },
    { name: 'Mug', stock: 3 },
  ]);
  const b = await a.seller.api.shop.create.mutate({ name: `Warehouse ${counter++} ${Date.now()}` });
  const beansB = await a.seller.api.product.create.mutate({ shopId: b.id, name: 'Beans (warehouse)', sku: 'SKU-1', priceCents: 1000, costCents: 600, stock: 0 });
  const anon = connect(server.url);
  const staffAccount = await registerSeller(anon.api);
  await anon.close();
  await a.seller.api.team.add.mutate({ shopId: b.id, email: staffAccount.user.email, role: 'staff' });
  const managerEmail = (await a.manager.client.api.auth.me.query()).email;
  await a.seller.api.team.add.mutate({ shopId: b.id, email: managerEmail, role: 'manager' });
  const bStaff: Member = { client: connect(server.url, staffAccount.token), userId: staffAccount.user.id };
  return {
    a,
    bId: b.id,
    beansA: a.products[0]?.id ?? '',
    beansB: beansB.id,
    bStaff,
    async [Symbol.asyncDispose]() {
      await Promise.all([a[Symbol.asyncDispose](), bStaff.client.close()]);
    },
  };
}

async function allMovements(api: Api, shopId: string): Promise<StockMovement[]> {
  const items: StockMovement[] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<Api['inventory']['movements']['query']>> = await api.inventory.movements.query({ shopId, cursor, limit: 200 });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return items;
}

/** Stock, ledger and transfers of both shops: what a refused call must leave as it was. */
async function stateOf(api: Api, shopIds: string[]) {
  return Promise.all(
    shopIds.map(async (shopId) => ({
      stock: (await api.product.list.query({ shopId })).map((p) => [p.sku, p.stock]),
      ledger: await allMovements(api, shopId),
      transfers: (await api.inventory.transfers.query({ shopId })).items,
    })),
  );
}

/** Every product's movements add up to its stock, and each row's stockAfter follows from the one before. */
async function expectLedgerAddsUp(api: Api, shopId: string): Promise<void> {
  const [products, ledger] = await Promise.all([api.product.list.query({ shopId }), allMovements(api, shopId)]);
  for (const product of products) {
    const own = ledger.filter((m) => m.productId === product.id);
    expect(own.reduce((sum, m) => sum + m.delta, 0), product.name).toBe(product.stock);
    expect(own[0]?.stockAfter ?? 0, product.name).toBe(product.stock);
    for (const [i, m] of own.entries()) expect(m.stockAfter - m.delta).toBe(own[i + 1]?.stockAfter ?? 0);
  }
}

function follow(client: TestClient, shopId: string, cursor: string): Collected<DashboardEvent> {
  return collect<DashboardEvent>((h) => client.api.dashboard.onDashboardUpdate.subscribe({ shopId, lastEventId: cursor }, h));
}

async function waitForType(stream: Collected<DashboardEvent>, type: DashboardEvent['type'], count = 1): Promise<DashboardEvent[]> {
  for (let n = stream.events.length + 1; stream.events.filter((e) => e.data.type === type).length < count; n++) await stream.waitFor(n);
  return stream.events.map((e) => e.data).filter((e) => e.type === type);
}

async function stockOf(api: Api, shopId: string, sku: string): Promise<number | undefined> {
  return (await api.product.list.query({ shopId })).find((p) => p.sku === sku)?.stock;
}

describe('inventory.transfer and inventory.receiveTransfer', () => {
  it('stock leaves the source when sent and arrives when received; both dashboards hear each step; the ledger of each shop names the transfer', async () => {
    await using shops = await twoShops();
    const { a, bId, beansA, beansB, bStaff } = shops;
    const owner = a.seller.api;
    const ownerId = (await owner.auth.me.query()).id;
    const cursor = (await owner.dashboard.stats.query({ shopId: a.shopId })).cursor;
    const dashA = follow(a.staff.client, a.shopId, cursor);
    const dashB = follow(bStaff.client, bId, cursor);
    const bNotifications = await bStaff.client.api.notification.list.query({});
    await Promise.all([dashA.started, dashB.started]);

    const sent = await owner.inventory.transfer.mutate({ fromShopId: a.shopId, toShopId: bId, sku: 'SKU-1', quantity: 8 });
    expect(sent).toMatchObject({
      fromShopId: a.shopId,
      toShopId: bId,
      sku: 'SKU-1',
      fromProductId: beansA,
      toProductId: beansB,
      productName: 'Beans',
      quantity: 8,
      status: 'in_transit',
      sentBy: ownerId,
      receivedBy: null,
      receivedAt: null,
    });
    expect(await stockOf(owner, a.shopId, 'SKU-1')).toBe(2);
    expect(await stockOf(owner, bId, 'SKU-1')).toBe(0);
    expect((await owner.inventory.transfers.query({ shopId: bId })).items).toEqual([sent]);
    expect((await owner.inventory.transfers.query({ shopId: a.shopId, status: 'received' })).items).toEqual([]);

    // Source: its stock moved (with the alert it crossed) and the transfer; target: only the transfer so far.
    const [sentOnA] = await waitForType(dashA, 'transfer_status_changed');
    expect(sentOnA).toEqual({ type: 'transfer_status_changed', transfer: sent, previousStatus: null });
    expect(dashA.events.map((e) => e.data.type)).toEqual(['inventory_update', 'low_stock', 'stock_movement', 'transfer_status_changed']);
    const movementOut = dashA.events.map((e) => e.data).find((e) => e.type === 'stock_movement');
    expect(movementOut?.type === 'stock_movement' && movementOut.movement).toMatchObject({ productId: beansA, delta: -8, stockAfter: 2, kind: 'transfer', transferId: sent.id, by: ownerId });
    expect((await waitForType(dashB, 'transfer_status_changed'))[0]).toEqual(sentOnA);
    expect(dashB.events.map((e) => e.data.type)).toEqual(['transfer_status_changed']);
    // B's team is told it is coming.
    const notice = await bStaff.client.api.notification.list.query({});
    expect(notice.unreadCount).toBe(bNotifications.unreadCount + 1);
    expect(notice.items[0]).toMatchObject({ kind: 'transfer', title: 'Stock on its way: 8× Beans', link: `/dashboard/${bId}/transfers` });

    const received = await bStaff.client.api.inventory.receiveTransfer.mutate({ transferId: sent.id });
    expect(received).toMatchObject({ id: sent.id, status: 'received', receivedBy: bStaff.userId, receivedByName: 'Seller' });
    expect(received.receivedAt).toBeInstanceOf(Date);
    expect(await stockOf(owner, a.shopId, 'SKU-1')).toBe(2);
    expect(await stockOf(owner, bId, 'SKU-1')).toBe(8);

    const arrivedOnB = await waitForType(dashB, 'transfer_status_changed', 2);
    expect(arrivedOnB[1]).toEqual({ type: 'transfer_status_changed', transfer: received, previousStatus: 'in_transit' });
    expect(dashB.events.map((e) => e.data.type)).toEqual(['transfer_status_changed', 'inventory_update', 'stock_movement', 'restocked', 'transfer_status_changed']);
    const movementIn = dashB.events.map((e) => e.data).find((e) => e.type === 'stock_movement');
    expect(movementIn?.type === 'stock_movement' && movementIn.movement).toMatchObject({ productId: beansB, delta: 8, stockAfter: 8, kind: 'transfer', transferId: sent.id, by: bStaff.userId });
    expect((await waitForType(dashA, 'transfer_status_changed', 2))[1]).toEqual(arrivedOnB[1]);

    // The sender hears it arrived (and was not told of their own sending); the lists of both shops show it received.
    const ownerNotes = await owner.notification.list.query({});
    expect(ownerNotes.items.filter((n) => n.kind === 'transfer').map((n) => n.title)).toEqual(['Transfer received: 8× Beans']);
    expect(ownerNotes.items[0]).toMatchObject({ kind: 'transfer', title: 'Transfer received: 8× Beans', link: `/dashboard/${a.shopId}/transfers` });
    // The manager, in both shops too, heard it was sent.
    expect((await a.manager.client.api.notification.list.query({})).items.filter((n) => n.kind === 'transfer').map((n) => n.title)).toEqual(['Stock on its way: 8× Beans']);
    expect((await a.staff.client.api.inventory.transfers.query({ shopId: a.shopId })).items).toEqual([received]);
    expect((await bStaff.client.api.inventory.transfers.query({ shopId: bId, status: 'received' })).items).toEqual([received]);
    await expectLedgerAddsUp(owner, a.shopId);
    await expectLedgerAddsUp(owner, bId);
    const kinds = await owner.inventory.movements.query({ shopId: bId, kind: 'transfer' });
    expect(kinds.items.map((m) => [m.productId, m.delta, m.transferId])).toEqual([[beansB, 8, sent.id]]);
    dashA.unsubscribe();
    dashB.unsubscribe();
  });

  it('the receiving shop hears both steps over SSE too (httpSubscriptionLink), as its staff sees them', async () => {
    await using shops = await twoShops();
    const { a, bId } = shops;
    const token = (await a.seller.api.auth.login.mutate({ email: (await shops.bStaff.client.api.auth.me.query()).email, password: 'password-123' })).token;
    const sse = connectSse(server.url, token);
    const cursor = (await a.seller.api.dashboard.stats.query({ shopId: bId })).cursor;
    const dash = collect<DashboardEvent>((h) => sse.api.dashboard.onDashboardUpdate.subscribe({ shopId: bId, lastEventId: cursor }, h));
    await dash.started;
    const sent = await a.manager.client.api.inventory.transfer.mutate({ fromShopId: a.shopId, toShopId: bId, sku: 'SKU-1', quantity: 2 });
    await sse.api.inventory.receiveTransfer.mutate({ transferId: sent.id });
    const changes = await waitForType(dash, 'transfer_status_changed', 2);
    expect(changes.map((e) => e.type === 'transfer_status_changed' && [e.transfer.id, e.previousStatus, e.transfer.status])).toEqual([
      [sent.id, null, 'in_transit'],
      [sent.id, 'in_transit', 'received'],
    ]);
    dash.unsubscribe();
    await sse.close();
  });

  it('a manager of both shops may send; the stock across both shops plus what is in transit never changes, and each product’s ledger adds up', async () => {
    await using shops = await twoShops();
    const { a, bId } = shops;
    const manager = a.manager.client.api;
    const total = async () => ((await stockOf(manager, a.shopId, 'SKU-1')) ?? 0) + ((await stockOf(manager, bId, 'SKU-1')) ?? 0);
    const inTransit = async () => (await manager.inventory.transfers.query({ shopId: a.shopId, status: 'in_transit' })).items.reduce((sum, t) => sum + t.quantity, 0);

    const first = await manager.inventory.transfer.mutate({ fromShopId: a.shopId, toShopId: bId, sku: 'SKU-1', quantity: 3 });
    const second = await manager.inventory.transfer.mutate({ fromShopId: a.shopId, toShopId: bId, sku: 'SKU-1', quantity: 2 });
    expect((await total()) + (await inTransit())).toBe(10);
    await manager.inventory.receiveTransfer.mutate({ transferId: second.id });
    expect((await total()) + (await inTransit())).toBe(10);
    // And back again, from B to A.
    const back = await manager.inventory.transfer.mutate({ fromShopId: bId, toShopId: a.shopId, sku: 'SKU-1', quantity: 1 });
    await a.staff.client.api.inventory.receiveTransfer.mutate({ transferId: back.id });
    await manager.inventory.receiveTransfer.mutate({ transferId: first.id });
    expect(await inTransit()).toBe(0);
    expect([await stockOf(manager, a.shopId, 'SKU-1'), await stockOf(manager, bId, 'SKU-1')]).toEqual([6, 4]);
    await expectLedgerAddsUp(manager, a.shopId);
    await expectLedgerAddsUp(manager, bId);
  });

  it('two receipts of one transfer at once: exactly one goes through, the stock arrives once', async () => {
    await using shops = await twoShops();
    const { a, bId, bStaff } = shops;
    const sent = await a.seller.api.inventory.transfer.mutate({ fromShopId: a.shopId, toShopId: bId, sku: 'SKU-1', quantity: 4 });
    const results = await Promise.allSettled([
      bStaff.client.api.inventory.receiveTransfer.mutate({ transferId: sent.id }),
      a.manager.client.api.inventory.receiveTransfer.mutate({ transferId: sent.id }),
      a.seller.api.inventory.receiveTransfer.mutate({ transferId: sent.id }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(codeOf(r.reason)).toBe('CONFLICT');
    expect(await stockOf(a.seller.api, bId, 'SKU-1')).toBe(4);
    await expectLedgerAddsUp(a.seller.api, bId);
  });

  describe('refuses, changing nothing', () => {
    it('anyone but an owner or manager of both shops of one owner', async () => {
      await using shops = await twoShops();
      const { a, bId, bStaff } = shops;
      // Another owner's shop where A's manager is a manager too, with the same SKU.
      await using other = await setupTeam(server.url, [{ name: 'Beans elsewhere', stock: 5 }]);
      await other.seller.api.team.add.mutate({ shopId: other.shopId, email: (await a.manager.client.api.auth.me.query()).email, role: 'manager' });
      const before = await stateOf(a.seller.api, [a.shopId, bId]);
      const send = (api: Api, fromShopId = a.shopId, toShopId = bId) => api.inventory.transfer.mutate({ fromShopId, toShopId, sku: 'SKU-1', quantity: 1 });

      expect(await failure(send(a.staff.client.api))).toEqual({ code: 'FORBIDDEN', message: 'Only someone who is an owner or manager of both shops can transfer stock between them' });
      expect(await errorCode(send(bStaff.client.api))).toBe('FORBIDDEN');
      expect(await errorCode(send(a.outsider.client.api))).toBe('FORBIDDEN');
      expect(await errorCode(send(a.buyer.api))).toBe('FORBIDDEN');
      // The owner of A is not in the other shop; A's manager manages both, but they have different owners.
      expect(await errorCode(send(a.seller.api, a.shopId, other.shopId))).toBe('FORBIDDEN');
      expect(await failure(send(a.manager.client.api, a.shopId, other.shopId))).toEqual({ code: 'FORBIDDEN', message: 'Stock can move only between shops that have the same owner' });
      expect(await failure(send(a.manager.client.api, other.shopId, a.shopId))).toEqual({ code: 'FORBIDDEN', message: 'Stock can move only between shops that have the same owner' });
      const anon = connect(server.url);
      expect(await errorCode(send(anon.api))).toBe('UNAUTHORIZED');
      await anon.close();

      expect(await stateOf(a.seller.api, [a.shopId, bId])).toEqual(before);
      expect(await stockOf(other.seller.api, other.shopId, 'SKU-1')).toBe(5);
    });

    it('zero, negative or fractional quantities, the same shop twice, unknown shops or SKUs, more than in stock', async () => {
      await using shops = await twoShops();
      const { a, bId } = shops;
      const owner = a.seller.api;
      const before = await stateOf(owner, [a.shopId, bId]);
      const send = (input: Partial<{ fromShopId: string; toShopId: string; sku: string; quantity: number }>) =>
        owner.inventory.transfer.mutate({ fromShopId: a.shopId, toShopId: bId, sku: 'SKU-1', quantity: 1, ...input });

      for (const quantity of [0, -2, 1.5]) expect(await errorCode(send({ quantity }))).toBe('BAD_REQUEST');
      expect(await errorCode(send({ sku: '   ' }))).toBe('BAD_REQUEST');
      expect(await failure(send({ toShopId: a.shopId }))).toEqual({ code: 'BAD_REQUEST', message: 'A transfer goes from one shop to another: choose two different shops' });
      expect(await errorCode(send({ toShopId: 'no-such-shop' }))).toBe('NOT_FOUND');
      expect(await errorCode(send({ fromShopId: 'no-such-shop' }))).toBe('NOT_FOUND');
      expect(await failure(send({ sku: 'NOPE' }))).toEqual({ code: 'NOT_FOUND', message: 'Product with SKU NOPE in the sending shop not found' });
      // Mug (SKU-2) exists in A only.
      expect(await failure(send({ sku: 'SKU-2' }))).toEqual({ code: 'NOT_FOUND', message: 'The receiving shop has no product with SKU SKU-2: add it there (same SKU) before sending' });
      expect(await failure(send({ quantity: 11 }))).toEqual({ code: 'CONFLICT', message: 'Not enough stock for Beans: 10 left' });

      expect(await stateOf(owner, [a.shopId, bId])).toEqual(before);
    });

    it('receiving: unknown ids, anyone outside the receiving shop, and a second time', async () => {
      await using shops = await twoShops();
      const { a, bId, bStaff } = shops;
      const sent = await a.seller.api.inventory.transfer.mutate({ fromShopId: a.shopId, toShopId: bId, sku: 'SKU-1', quantity: 2 });
      const before = await stateOf(a.seller.api, [a.shopId, bId]);

      expect(await errorCode(bStaff.client.api.inventory.receiveTransfer.mutate({ transferId: 'no-such-transfer' }))).toBe('NOT_FOUND');
      expect(await errorCode(bStaff.client.api.inventory.receiveTransfer.mutate({ transferId: '' }))).toBe('BAD_REQUEST');
      // A's staff works only at the sending shop.
      expect(await failure(a.staff.client.api.inventory.receiveTransfer.mutate({ transferId: sent.id }))).toEqual({
        code: 'FORBIDDEN',
        message: "Only the receiving shop's team can receive a transfer",
      });
      expect(await errorCode(a.outsider.client.api.inventory.receiveTransfer.mutate({ transferId: sent.id }))).toBe('FORBIDDEN');
      expect(await errorCode(a.buyer.api.inventory.receiveTransfer.mutate({ transferId: sent.id }))).toBe('FORBIDDEN');
      expect(await stateOf(a.seller.api, [a.shopId, bId])).toEqual(before);

      await bStaff.client.api.inventory.receiveTransfer.mutate({ transferId: sent.id });
      const received = await stateOf(a.seller.api, [a.shopId, bId]);
      const again = await bStaff.client.api.inventory.receiveTransfer.mutate({ transferId: sent.id }).then(
        () => null,
        (error: unknown) => error as { message: string; data?: { code?: string; reason?: string | null } },
      );
      expect({ code: again?.data?.code, reason: again?.data?.reason, message: again?.message }).toEqual({
        code: 'CONFLICT',
        reason: 'transfer_already_received',
        message: 'This transfer was already received; its stock is in the shop',
      });
      expect(await stateOf(a.seller.api, [a.shopId, bId])).toEqual(received);
    });

    it('listing: members of the shop only', async () => {
      await using shops = await twoShops();
      const { a, bId, bStaff } = shops;
      expect(await errorCode(bStaff.client.api.inventory.transfers.query({ shopId: a.shopId }))).toBe('FORBIDDEN');
      expect(await errorCode(a.outsider.client.api.inventory.transfers.query({ shopId: bId }))).toBe('FORBIDDEN');
      expect(await errorCode(a.buyer.api.inventory.transfers.query({ shopId: bId }))).toBe('FORBIDDEN');
      expect(await errorCode(a.seller.api.inventory.transfers.query({ shopId: 'no-such-shop' }))).toBe('NOT_FOUND');
      expect(await errorCode(a.seller.api.inventory.transfers.query({ shopId: bId, limit: 0 }))).toBe('BAD_REQUEST');
    });
  });
});
