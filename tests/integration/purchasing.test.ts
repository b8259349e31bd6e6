import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardEvent } from '../../src/shared/events.js';
import { codeOf, connect, errorCode, type Api } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { collect } from '../support/subscriptions.js';
import { setupTeam, type TeamFixture } from '../support/team.js';

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

/** The call fails with `code` and a message matching `pattern`. */
async function expectRefusal(call: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  const { code: actual, message } = await failure(call);
  expect(actual).toBe(code);
  expect(message).toMatch(pattern);
}

const products = [
  { name: 'Beans', stock: 0, costCents: 500 },
  { name: 'Filter', stock: 10, costCents: 100 },
];

/** A team, a supplier and a purchase order of 6 Beans at 450 and 4 Filters at 80, as `status`. */
async function withOrder(status: 'draft' | 'ordered'): Promise<{ shop: TeamFixture; beans: string; filter: string; poId: string; supplierId: string } & AsyncDisposable> {
  const shop = await setupTeam(server.url, products);
  const [beans, filter] = shop.products.map((p) => p.id) as [string, string];
  const supplier = await shop.manager.client.api.supplier.create.mutate({ shopId: shop.shopId, name: 'Roastery', email: 'orders@roastery.test' });
  const po = await shop.manager.client.api.purchaseOrder.create.mutate({
    shopId: shop.shopId,
    supplierId: supplier.id,
    lines: [
      { productId: beans, quantity: 6, unitCostCents: 450 },
      { productId: filter, quantity: 4, unitCostCents: 80 },
    ],
  });
  if (status === 'ordered') await shop.seller.api.purchaseOrder.setStatus.mutate({ purchaseOrderId: po.id, status: 'ordered' });
  return { shop, beans, filter, poId: po.id, supplierId: supplier.id, [Symbol.asyncDispose]: () => shop[Symbol.asyncDispose]() };
}

/** What must not move when a call is refused: stock, the ledger, the purchase orders. */
async function stateOf(api: Api, shopId: string) {
  const [stock, ledger, orders] = await Promise.all([
    api.product.list.query({ shopId }),
    api.inventory.movements.query({ shopId, limit: 200 }),
    api.purchaseOrder.list.query({ shopId }),
  ]);
  return { stock: stock.map((p) => [p.id, p.stock]), ledger: ledger.items, orders };
}

describe('suppliers', () => {
  it('owners and managers create them, every member lists them; staff, buyers and outsiders are refused; names are unique per shop', async () => {
    await using shop = await setupTeam(server.url, products);
    const made = await shop.seller.api.supplier.create.mutate({ shopId: shop.shopId, name: 'Mill' });
    expect(made).toMatchObject({ shopId: shop.shopId, name: 'Mill', email: null });
    await shop.manager.client.api.supplier.create.mutate({ shopId: shop.shopId, name: 'Farm', email: 'farm@example.test' });
    expect((await shop.staff.client.api.supplier.list.query({ shopId: shop.shopId })).map((s) => s.name)).toEqual(['Farm', 'Mill']);

    await expectRefusal(shop.staff.client.api.supplier.create.mutate({ shopId: shop.shopId, name: 'Sneaky' }), 'FORBIDDEN', /owners and managers/);
    expect(await errorCode(shop.outsider.client.api.supplier.create.mutate({ shopId: shop.shopId, name: 'Sneaky' }))).toBe('FORBIDDEN');
    expect(await errorCode(shop.buyer.api.supplier.create.mutate({ shopId: shop.shopId, name: 'Sneaky' }))).toBe('FORBIDDEN');
    expect(await errorCode(shop.outsider.client.api.supplier.list.query({ shopId: shop.shopId }))).toBe('FORBIDDEN');
    await expectRefusal(shop.seller.api.supplier.create.mutate({ shopId: shop.shopId, name: 'Mill' }), 'CONFLICT', /already has a supplier named Mill/);
    expect(await errorCode(shop.seller.api.supplier.create.mutate({ shopId: shop.shopId, name: '  ' }))).toBe('BAD_REQUEST');
    expect(await errorCode(shop.seller.api.supplier.create.mutate({ shopId: shop.shopId, name: 'X', email: 'not an email' }))).toBe('BAD_REQUEST');
    expect((await shop.seller.api.supplier.list.query({ shopId: shop.shopId })).length).toBe(2);
  });
});

describe('purchase orders', () => {
  it('go draft -> ordered -> partially_received -> received; receipts add stock and ledger rows; live events reach the team, staff without unit costs', async () => {
    await using setup = await withOrder('draft');
    const { shop, beans, filter, poId } = setup;
    const { eventCursor } = await shop.seller.api.inventory.movements.query({ shopId: shop.shopId });
    const ownerEvents = collect<DashboardEvent>((h) => shop.seller.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId, lastEventId: eventCursor }, h));
    const staffEvents = collect<DashboardEvent>((h) => shop.staff.client.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId, lastEventId: eventCursor }, h));
    await Promise.all([ownerEvents.started, staffEvents.started]);

    const edited = await shop.manager.client.api.purchaseOrder.update.mutate({ purchaseOrderId: poId, lines: [{ productId: beans, quantity: 6, unitCostCents: 440 }, { productId: filter, quantity: 4, unitCostCents: 80 }] });
    expect(edited).toMatchObject({ status: 'draft', totalCostCents: 6 * 440 + 4 * 80 });
    await shop.manager.client.api.purchaseOrder.setStatus.mutate({ purchaseOrderId: poId, status: 'ordered' });
    const partial = await shop.staff.client.api.purchaseOrder.receive.mutate({ purchaseOrderId: poId, lines: [{ productId: beans, quantity: 4 }] });
    expect(partial).toMatchObject({ status: 'partially_received', totalCostCents: null });
    expect(partial.lines).toEqual([
      { productId: beans, productName: 'Beans', quantity: 6, receivedQuantity: 4, unitCostCents: null },
      { productId: filter, productName: 'Filter', quantity: 4, receivedQuantity: 0, unitCostCents: null },
    ]);
    const done = await shop.seller.api.purchaseOrder.receive.mutate({ purchaseOrderId: poId, lines: [{ productId: beans, quantity: 2 }, { productId: filter, quantity: 4 }] });
    expect(done).toMatchObject({ status: 'received', supplierName: 'Roastery', totalCostCents: 6 * 440 + 4 * 80 });
    expect(done.lines.map((l) => [l.receivedQuantity, l.unitCostCents])).toEqual([
      [6, 440],
      [4, 80],
    ]);
    expect((await shop.seller.api.product.list.query({ shopId: shop.shopId })).map((p) => [p.name, p.stock])).toEqual([
      ['Beans', 6],
      ['Filter', 14],
    ]);
    const receipts = (await shop.seller.api.inventory.movements.query({ shopId: shop.shopId })).items.filter((m) => m.kind === 'purchase');
    expect(receipts.map((m) => [m.productId, m.delta, m.stockAfter, m.purchaseOrderId])).toEqual([
      [filter, 4, 14, poId],
      [beans, 2, 6, poId],
      [beans, 4, 4, poId],
    ]);

    const expected: DashboardEvent['type'][] = [
      'purchase_order_updated',
      'purchase_order_status_changed',
      // first receipt
      'inventory_update',
      'stock_movement',
      'restocked',
      'purchase_order_status_changed',
      'purchase_order_received',
      // second receipt
      'inventory_update',
      'stock_movement',
      'stock_movement',
      'purchase_order_status_changed',
      'purchase_order_received',
    ];
    const [owner, staff] = await Promise.all([ownerEvents.waitFor(expected.length), staffEvents.waitFor(expected.length)]);
    expect(owner.map((e) => e.data.type)).toEqual(expected);
    expect(staff.map((e) => e.id)).toEqual(owner.map((e) => e.id));
    const received = (events: typeof owner) => events.map((e) => e.data).filter((e) => e.type === 'purchase_order_received');
    expect(received(owner).map((e) => e.purchaseOrder.lines.map((l) => l.unitCostCents))).toEqual([
      [440, 80],
      [440, 80],
    ]);
    expect(received(staff).map((e) => [e.purchaseOrder.totalCostCents, ...e.purchaseOrder.lines.map((l) => l.unitCostCents)])).toEqual([
      [null, null, null],
      [null, null, null],
    ]);
    expect(received(owner)[0]?.received).toEqual([{ productId: beans, quantity: 4 }]);
    const updated = staff.map((e) => e.data).find((e) => e.type === 'purchase_order_updated');
    expect(updated?.type === 'purchase_order_updated' && updated.purchaseOrder.lines.every((l) => l.unitCostCents === null)).toBe(true);
    expect(owner.map((e) => e.data).filter((e) => e.type === 'purchase_order_status_changed')).toEqual([
      { type: 'purchase_order_status_changed', purchaseOrderId: poId, status: 'ordered', previousStatus: 'draft' },
      { type: 'purchase_order_status_changed', purchaseOrderId: poId, status: 'partially_received', previousStatus: 'ordered' },
      { type: 'purchase_order_status_changed', purchaseOrderId: poId, status: 'received', previousStatus: 'partially_received' },
    ]);
    ownerEvents.unsubscribe();
    staffEvents.unsubscribe();
  });

  it('creating one sends purchase_order_created; list filters by status and hides unit costs from staff', async () => {
    await using shop = await setupTeam(server.url, products);
    const supplier = await shop.seller.api.supplier.create.mutate({ shopId: shop.shopId, name: 'Mill' });
    const { eventCursor } = await shop.seller.api.inventory.movements.query({ shopId: shop.shopId });
    const events = collect<DashboardEvent>((h) => shop.staff.client.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId, lastEventId: eventCursor }, h));
    const po = await shop.seller.api.purchaseOrder.create.mutate({ shopId: shop.shopId, supplierId: supplier.id, lines: [{ productId: shop.products[1]?.id ?? '', quantity: 3, unitCostCents: 70 }] });
    expect(po).toMatchObject({ status: 'draft', supplierId: supplier.id, totalCostCents: 210 });
    const [created] = await events.waitFor(1);
    expect(created?.data).toMatchObject({ type: 'purchase_order_created', purchaseOrder: { id: po.id, totalCostCents: null, lines: [{ quantity: 3, unitCostCents: null }] } });
    events.unsubscribe();

    await shop.seller.api.purchaseOrder.create.mutate({ shopId: shop.shopId, supplierId: supplier.id, lines: [{ productId: shop.products[0]?.id ?? '', quantity: 1, unitCostCents: 1 }] });
    await shop.seller.api.purchaseOrder.setStatus.mutate({ purchaseOrderId: po.id, status: 'ordered' });
    expect((await shop.manager.client.api.purchaseOrder.list.query({ shopId: shop.shopId, status: 'ordered' })).map((o) => [o.id, o.totalCostCents])).toEqual([[po.id, 210]]);
    expect((await shop.staff.client.api.purchaseOrder.list.query({ shopId: shop.shopId })).map((o) => o.totalCostCents)).toEqual([null, null]);
    expect((await shop.seller.api.purchaseOrder.list.query({ shopId: shop.shopId, status: 'received' })).length).toBe(0);
  });

  it('refuses staff, buyers and outsiders where CONTRACT says so, before anything changes', async () => {
    await using setup = await withOrder('draft');
    const { shop, beans, poId, supplierId } = setup;
    const before = await stateOf(shop.seller.api, shop.shopId);
    const line = [{ productId: beans, quantity: 1, unitCostCents: 1 }];
    for (const api of [shop.staff.client.api, shop.outsider.client.api, shop.buyer.api]) {
      expect(await errorCode(api.purchaseOrder.create.mutate({ shopId: shop.shopId, supplierId, lines: line }))).toBe('FORBIDDEN');
      expect(await errorCode(api.purchaseOrder.update.mutate({ purchaseOrderId: poId, lines: line }))).toBe('FORBIDDEN');
      expect(await errorCode(api.purchaseOrder.setStatus.mutate({ purchaseOrderId: poId, status: 'ordered' }))).toBe('FORBIDDEN');
    }
    await shop.seller.api.purchaseOrder.setStatus.mutate({ purchaseOrderId: poId, status: 'ordered' });
    const ordered = await stateOf(shop.seller.api, shop.shopId);
    expect(ordered.stock).toEqual(before.stock);
    for (const api of [shop.outsider.client.api, shop.buyer.api]) {
      expect(await errorCode(api.purchaseOrder.receive.mutate({ purchaseOrderId: poId, lines: [{ productId: beans, quantity: 1 }] }))).toBe('FORBIDDEN');
      expect(await errorCode(api.purchaseOrder.list.query({ shopId: shop.shopId }))).toBe('FORBIDDEN');
    }
    const anon = connect(server.url);
    expect(await errorCode(anon.api.purchaseOrder.receive.mutate({ purchaseOrderId: poId, lines: [{ productId: beans, quantity: 1 }] }))).toBe('UNAUTHORIZED');
    await anon.close();
    expect(await stateOf(shop.seller.api, shop.shopId)).toEqual(ordered);
  });

  describe('receiving refuses, changing nothing', () => {
    it('more than ordered, counting what already arrived', async () => {
      await using setup = await withOrder('ordered');
      const { shop, beans, poId } = setup;
      await shop.staff.client.api.purchaseOrder.receive.mutate({ purchaseOrderId: poId, lines: [{ productId: beans, quantity: 5 }] });
      const before = await stateOf(shop.seller.api, shop.shopId);
      expect(await failure(shop.staff.client.api.purchaseOrder.receive.mutate({ purchaseOrderId: poId, lines: [{ productId: beans, quantity: 2 }] }))).toEqual({
        code: 'BAD_REQUEST',
        message: 'Only 1 of Beans are still to come on this purchase order (ordered 6), not 2',
      });
      expect(await stateOf(shop.seller.api, shop.shopId)).toEqual(before);
    });

    it('a draft or a cancelled order', async () => {
      await using setup = await withOrder('draft');
      const { shop, beans, poId } = setup;
      const before = await stateOf(shop.seller.api, shop.shopId);
      await expectRefusal(shop.staff.client.api.purchaseOrder.receive.mutate({ purchaseOrderId: poId, lines: [{ productId: beans, quantity: 1 }] }), 'CONFLICT', /still a draft/);
      expect(await stateOf(shop.seller.api, shop.shopId)).toEqual(before);
      await shop.seller.api.purchaseOrder.setStatus.mutate({ purchaseOrderId: poId, status: 'cancelled' });
      const cancelled = await stateOf(shop.seller.api, shop.shopId);
      expect(await failure(shop.staff.client.api.purchaseOrder.receive.mutate({ purchaseOrderId: poId, lines: [{ productId: beans, quantity: 1 }] }))).toEqual({
        code: 'CONFLICT',
        message: 'This purchase order is cancelled; nothing more can be received',
      });
      expect(await stateOf(shop.seller.api, shop.shopId)).toEqual(cancelled);
    });

    it('zero or negative quantities, no lines, a product twice or one not on the order, unknown or foreign ids', async () => {
      await using setup = await withOrder('ordered');
      const { shop, beans, filter, poId } = setup;
      await using other = await withOrder('ordered');
      const before = await stateOf(shop.seller.api, shop.shopId);
      const receive = (purchaseOrderId: string, lines: { productId: string; quantity: number }[]) => shop.staff.client.api.purchaseOrder.receive.mutate({ purchaseOrderId, lines });
      expect(await errorCode(receive(poId, [{ productId: beans, quantity: 0 }]))).toBe('BAD_REQUEST');
      expect(await errorCode(receive(poId, [{ productId: beans, quantity: -3 }]))).toBe('BAD_REQUEST');
      expect(await errorCode(receive(poId, [{ productId: beans, quantity: 1.5 }]))).toBe('BAD_REQUEST');
      expect(await errorCode(receive(poId, []))).toBe('BAD_REQUEST');
      expect(await failure(receive(poId, [{ productId: beans, quantity: 1 }, { productId: beans, quantity: 1 }]))).toMatchObject({ code: 'BAD_REQUEST', message: 'Each product may appear on only one line' });
      await expectRefusal(receive(poId, [{ productId: filter, quantity: 1 }, { productId: other.beans, quantity: 1 }]), 'BAD_REQUEST', /is not on this purchase order/);
      expect(await errorCode(receive('no-such-order', [{ productId: beans, quantity: 1 }]))).toBe('NOT_FOUND');
      expect(await errorCode(receive(other.poId, [{ productId: other.beans, quantity: 1 }]))).toBe('FORBIDDEN');
      expect(await stateOf(shop.seller.api, shop.shopId)).toEqual(before);
      expect((await stateOf(other.shop.seller.api, other.shop.shopId)).orders[0]?.lines.map((l) => l.receivedQuantity)).toEqual([0, 0]);
    });
  });

  describe('creating and editing refuses, changing nothing', () => {
    it('editing an ordered one, and moves the status table does not allow', async () => {
      await using setup = await withOrder('ordered');
      const { shop, beans, poId } = setup;
      const before = await stateOf(shop.seller.api, shop.shopId);
      expect(await failure(shop.manager.client.api.purchaseOrder.update.mutate({ purchaseOrderId: poId, lines: [{ productId: beans, quantity: 60, unitCostCents: 1 }] }))).toEqual({
        code: 'CONFLICT',
        message: 'This purchase order is ordered; only a draft can be edited',
      });
      expect(await failure(shop.manager.client.api.purchaseOrder.setStatus.mutate({ purchaseOrderId: poId, status: 'ordered' }))).toEqual({
        code: 'BAD_REQUEST',
        message: 'A purchase order cannot move from ordered to ordered',
      });
      expect(await stateOf(shop.seller.api, shop.shopId)).toEqual(before);
      await shop.staff.client.api.purchaseOrder.receive.mutate({ purchaseOrderId: poId, lines: [{ productId: beans, quantity: 6 }] });
      await shop.staff.client.api.purchaseOrder.receive.mutate({ purchaseOrderId: poId, lines: [{ productId: shop.products[1]?.id ?? '', quantity: 4 }] });
      const received = await stateOf(shop.seller.api, shop.shopId);
      expect(await errorCode(shop.manager.client.api.purchaseOrder.setStatus.mutate({ purchaseOrderId: poId, status: 'cancelled' }))).toBe('BAD_REQUEST');
      expect(await stateOf(shop.seller.api, shop.shopId)).toEqual(received);
    });

    it('zero or negative quantities and costs, no lines, a product twice, unknown or foreign suppliers and products', async () => {
      await using setup = await withOrder('draft');
      const { shop, beans, filter, poId, supplierId } = setup;
      await using other = await withOrder('draft');
      const before = await stateOf(shop.seller.api, shop.shopId);
      const api = shop.manager.client.api;
      const create = (lines: { productId: string; quantity: number; unitCostCents: number }[], supplier = supplierId) => api.purchaseOrder.create.mutate({ shopId: shop.shopId, supplierId: supplier, lines });
      for (const lines of [[{ productId: beans, quantity: 0, unitCostCents: 1 }], [{ productId: beans, quantity: -1, unitCostCents: 1 }], [{ productId: beans, quantity: 1, unitCostCents: -1 }], []]) {
        expect(await errorCode(create(lines))).toBe('BAD_REQUEST');
        expect(await errorCode(api.purchaseOrder.update.mutate({ purchaseOrderId: poId, lines }))).toBe('BAD_REQUEST');
      }
      const twice = [{ productId: beans, quantity: 1, unitCostCents: 1 }, { productId: beans, quantity: 2, unitCostCents: 1 }];
      expect(await failure(create(twice))).toMatchObject({ code: 'BAD_REQUEST', message: 'Each product may appear on only one line' });
      expect(await errorCode(api.purchaseOrder.update.mutate({ purchaseOrderId: poId, lines: twice }))).toBe('BAD_REQUEST');
      expect(await failure(create([{ productId: filter, quantity: 1, unitCostCents: 1 }], other.supplierId))).toEqual({ code: 'NOT_FOUND', message: 'Supplier in this shop not found' });
      expect(await errorCode(create([{ productId: filter, quantity: 1, unitCostCents: 1 }], 'no-such-supplier'))).toBe('NOT_FOUND');
      expect(await errorCode(create([{ productId: other.beans, quantity: 1, unitCostCents: 1 }]))).toBe('NOT_FOUND');
      expect(await errorCode(api.purchaseOrder.update.mutate({ purchaseOrderId: poId, lines: [{ productId: other.beans, quantity: 1, unitCostCents: 1 }] }))).toBe('NOT_FOUND');
      expect(await errorCode(api.purchaseOrder.update.mutate({ purchaseOrderId: other.poId, lines: [{ productId: other.beans, quantity: 1, unitCostCents: 1 }] }))).toBe('FORBIDDEN');
      expect(await errorCode(api.purchaseOrder.setStatus.mutate({ purchaseOrderId: 'no-such-order', status: 'ordered' }))).toBe('NOT_FOUND');
      expect(await errorCode(api.purchaseOrder.create.mutate({ shopId: 'no-such-shop', supplierId, lines: [{ productId: beans, quantity: 1, unitCostCents: 1 }] }))).toBe('NOT_FOUND');
      expect(await stateOf(shop.seller.api, shop.shopId)).toEqual(before);
      expect((await stateOf(other.shop.seller.api, other.shop.shopId)).orders[0]?.lines.map((l) => l.quantity)).toEqual([6, 4]);
    });
  });
});

describe('purchaseOrder.get and receipt notifications', () => {
  it('get answers one purchase order to every member (staff without unit costs) and refuses others', async () => {
    await using setup = await withOrder('draft');
    const { shop, poId } = setup;
    const full = await shop.manager.client.api.purchaseOrder.get.query({ purchaseOrderId: poId });
    expect(full).toEqual((await shop.seller.api.purchaseOrder.list.query({ shopId: shop.shopId }))[0]);
    expect(full.totalCostCents).toBe(6 * 450 + 4 * 80);
    const staffView = await shop.staff.client.api.purchaseOrder.get.query({ purchaseOrderId: poId });
    expect(staffView).toMatchObject({ id: poId, totalCostCents: null });
    expect(staffView.lines.map((l) => l.unitCostCents)).toEqual([null, null]);
    expect(await errorCode(shop.outsider.client.api.purchaseOrder.get.query({ purchaseOrderId: poId }))).toBe('FORBIDDEN');
    expect(await errorCode(shop.buyer.api.purchaseOrder.get.query({ purchaseOrderId: poId }))).toBe('FORBIDDEN');
    expect(await errorCode(shop.seller.api.purchaseOrder.get.query({ purchaseOrderId: 'no-such-order' }))).toBe('NOT_FOUND');
    await expectRefusal(
      shop.staff.client.api.purchaseOrder.update.mutate({ purchaseOrderId: poId, lines: [{ productId: setup.beans, quantity: 1, unitCostCents: 1 }] }),
      'FORBIDDEN',
      /^Only the shop's owners and managers can create or change purchase orders$/,
    );
  });

  it('each receipt tells the owners and managers (not whoever received it) what came and what is still to come', async () => {
    await using setup = await withOrder('ordered');
    const { shop, beans, filter, poId } = setup;
    const unread = async (api: Api) => (await api.notification.list.query({ limit: 100 })).items.filter((n) => n.kind === 'purchase_order');
    await shop.staff.client.api.purchaseOrder.receive.mutate({ purchaseOrderId: poId, lines: [{ productId: beans, quantity: 4 }] });
    for (const api of [shop.seller.api, shop.manager.client.api]) {
      expect(await unread(api)).toEqual([
        expect.objectContaining({
          title: 'Goods arrived from Roastery',
          body: expect.stringMatching(/^At Shop .+, Seller received 4× Beans from Roastery\. 6 more to come on this purchase order\.$/) as string,
          link: `/dashboard/${shop.shopId}/purchase-orders/${poId}`,
        }),
      ]);
    }
    expect(await unread(shop.staff.client.api)).toEqual([]);

    await shop.manager.client.api.purchaseOrder.receive.mutate({ purchaseOrderId: poId, lines: [{ productId: beans, quantity: 2 }, { productId: filter, quantity: 4 }] });
    expect((await unread(shop.seller.api))[0]).toMatchObject({ title: 'Purchase order from Roastery received', body: expect.stringMatching(/2× Beans, 4× Filter .*The purchase order is complete\.$/) as string });
    expect(await unread(shop.manager.client.api)).toHaveLength(1);
  });

  it('inventory.movements filters by kind', async () => {
    await using setup = await withOrder('ordered');
    const { shop, beans, poId } = setup;
    await shop.staff.client.api.purchaseOrder.receive.mutate({ purchaseOrderId: poId, lines: [{ productId: beans, quantity: 1 }] });
    await shop.staff.client.api.inventory.adjust.mutate({ productId: beans, delta: -1, reason: 'spilled' });
    const purchases = await shop.staff.client.api.inventory.movements.query({ shopId: shop.shopId, kind: 'purchase' });
    expect(purchases.items.map((m) => [m.kind, m.delta, m.purchaseOrderId])).toEqual([['purchase', 1, poId]]);
    const adjustments = await shop.staff.client.api.inventory.movements.query({ shopId: shop.shopId, productId: beans, kind: 'adjust' });
    expect(adjustments.items.map((m) => m.reason)).toEqual(['spilled']);
    expect(await errorCode(shop.staff.client.api.inventory.movements.query({ shopId: shop.shopId, kind: 'stolen' as never }))).toBe('BAD_REQUEST');
  });
});
