import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DashboardEvent } from '../../src/shared/events.js';
import type { Api } from '../support/clients.js';
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

async function valueOf(api: Api, shopId: string): Promise<number | null> {
  return (await api.dashboard.stats.query({ shopId })).inventoryValueCents;
}

it('dashboard.stats has the stock at cost for owners and managers, null for staff', async () => {
  await using shop = await setupTeam(server.url, [
    { name: 'Beans', stock: 0, costCents: 500 },
    { name: 'Filter', stock: 10, costCents: 100 },
    { name: 'Mug', stock: 3, costCents: 1250 },
  ]);
  expect(await valueOf(shop.seller.api, shop.shopId)).toBe(10 * 100 + 3 * 1250);
  expect(await valueOf(shop.manager.client.api, shop.shopId)).toBe(10 * 100 + 3 * 1250);
  expect(await valueOf(shop.staff.client.api, shop.shopId)).toBeNull();
});

it('moves with every stock movement and cost edit, and the dashboard stream carries what it takes to follow it live', async () => {
  await using shop = await setupTeam(server.url, [
    { name: 'Beans', stock: 0, costCents: 500 },
    { name: 'Filter', stock: 10, costCents: 100 },
  ]);
  const [beans, filter] = shop.products.map((p) => p.id) as [string, string];
  const owner = shop.seller.api;
  const start = await owner.dashboard.stats.query({ shopId: shop.shopId });
  expect(start.inventoryValueCents).toBe(1000);
  const dashboard = collect<DashboardEvent>((h) => owner.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId, lastEventId: start.cursor }, h));
  await dashboard.started;

  // An order, a purchase order received by staff, an adjustment.
  await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: filter, quantity: 2 }] });
  expect(await valueOf(owner, shop.shopId)).toBe(800);
  const supplier = await owner.supplier.create.mutate({ shopId: shop.shopId, name: 'Roastery' });
  const po = await owner.purchaseOrder.create.mutate({ shopId: shop.shopId, supplierId: supplier.id, lines: [{ productId: beans, quantity: 6, unitCostCents: 450 }] });
  await owner.purchaseOrder.setStatus.mutate({ purchaseOrderId: po.id, status: 'ordered' });
  await shop.staff.client.api.purchaseOrder.receive.mutate({ purchaseOrderId: po.id, lines: [{ productId: beans, quantity: 6 }] });
  // Valued at the product's cost, as every other figure of the dashboard is.
  expect(await valueOf(owner, shop.shopId)).toBe(800 + 6 * 500);
  await shop.staff.client.api.inventory.adjust.mutate({ productId: filter, delta: -3, reason: 'damaged' });
  expect(await valueOf(owner, shop.shopId)).toBe(500 + 6 * 500);
  expect(await valueOf(shop.staff.client.api, shop.shopId)).toBeNull();

  // Live: the snapshot plus each stock_movement's delta at the product's cost gives the figure now, event by event.
  const cost = new Map((await owner.product.list.query({ shopId: shop.shopId })).map((p) => [p.id, p.costCents ?? 0]));
  await expect.poll(() => dashboard.events.filter((e) => e.data.type === 'stock_movement').length).toBe(3);
  const followed = dashboard.events
    .map((e) => e.data)
    .filter((e) => e.type === 'stock_movement')
    .reduce((value, e) => value + e.movement.delta * (cost.get(e.movement.productId) ?? 0), start.inventoryValueCents ?? 0);
  expect(followed).toBe(await valueOf(owner, shop.shopId));

  // A cost edit moves the value without moving stock: dashboards get the product with its new cost (staff without it).
  const staffDashboard = collect<DashboardEvent>((h) => shop.staff.client.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId, lastEventId: start.cursor }, h));
  const before = dashboard.events.length;
  await shop.manager.client.api.product.update.mutate({ productId: beans, costCents: 520 });
  expect(await valueOf(owner, shop.shopId)).toBe(500 + 6 * 520);
  const [edit] = (await dashboard.waitFor(before + 1)).slice(before);
  expect(edit?.data).toMatchObject({ type: 'product_updated', product: { id: beans, stock: 6, costCents: 520 } });
  const staffEdit = (await staffDashboard.waitFor(before + 1))[before];
  expect(staffEdit?.data).toMatchObject({ type: 'product_updated', product: { id: beans, stock: 6, costCents: null } });
  dashboard.unsubscribe();
  staffDashboard.unsubscribe();
});

it('a transfer takes the value out of the sending shop when sent and puts it in the receiving shop when received', async () => {
  await using shop = await setupTeam(server.url, [{ name: 'Beans', stock: 10, costCents: 500 }]);
  const owner = shop.seller.api;
  const warehouse = await owner.shop.create.mutate({ name: `Warehouse ${Date.now()}` });
  await owner.product.create.mutate({ shopId: warehouse.id, name: 'Beans', sku: 'SKU-1', priceCents: 1000, costCents: 450, stock: 0 });
  const sent = await owner.inventory.transfer.mutate({ fromShopId: shop.shopId, toShopId: warehouse.id, sku: 'SKU-1', quantity: 4 });
  expect([await valueOf(owner, shop.shopId), await valueOf(owner, warehouse.id)]).toEqual([6 * 500, 0]);
  await owner.inventory.receiveTransfer.mutate({ transferId: sent.id });
  // Each shop values its stock at its own cost.
  expect([await valueOf(owner, shop.shopId), await valueOf(owner, warehouse.id)]).toEqual([6 * 500, 4 * 450]);
});
