import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderStreamEvent } from '../../src/shared/events.js';
import { codeOf, connect, registerBuyer, type TestClient } from '../support/clients.js';
import { setupShop } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { collect } from '../support/subscriptions.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server[Symbol.asyncDispose]();
});

function watchMine(client: TestClient, lastEventId?: string) {
  return collect<OrderStreamEvent>((handlers) => client.api.order.onMyOrders.subscribe({ lastEventId }, handlers));
}

describe('order.onMyOrders', () => {
  it("streams every status move of the buyer's own orders, and only theirs, with replay from listMine's cursor", async () => {
    await using shop = await setupShop(server.url, [{ stock: 50 }]);
    const productId = shop.products[0]?.id ?? '';
    const first = await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity: 1 }] });
    const { eventCursor } = await shop.buyer.api.order.listMine.query({});

    // Another buyer's order in the same shop must not reach this buyer's stream.
    const other = connect(server.url, (await registerBuyer(shop.buyer.api)).token);
    await other.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity: 1 }] });

    const second = await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity: 2 }] });
    const mine = watchMine(shop.buyer, eventCursor);
    await shop.seller.api.order.updateStatus.mutate({ orderId: first.id, status: 'confirmed' });
    await shop.buyer.api.order.cancelMine.mutate({ orderId: second.id });

    const events = await mine.waitFor(3);
    expect(events.map((e) => e.data)).toMatchObject([
      { orderId: second.id, status: 'pending', previousStatus: null },
      { orderId: first.id, status: 'confirmed', previousStatus: 'pending' },
      { orderId: second.id, status: 'cancelled', previousStatus: 'pending' },
    ]);
    expect(events[1]?.data.at).toBeInstanceOf(Date);
    const ids = events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    mine.unsubscribe();
    await other.close();
  });

  it('is for buyers only', async () => {
    await using shop = await setupShop(server.url);
    const seller = watchMine(shop.seller);
    await seller.started;
    expect(codeOf(seller.errors[0])).toBe('FORBIDDEN');
    const anon = connect(server.url);
    const stranger = watchMine(anon);
    await stranger.started;
    expect(codeOf(stranger.errors[0])).toBe('UNAUTHORIZED');
    await anon.close();
  });
});

describe('order.listMine', () => {
  it("names each order's shop, a buyer's orders coming from several shops", async () => {
    await using first = await setupShop(server.url, [{ stock: 5 }]);
    await using second = await setupShop(server.url, [{ stock: 5 }]);
    const buyer = first.buyer;
    const a = await buyer.api.order.place.mutate({ shopId: first.shopId, items: [{ productId: first.products[0]?.id ?? '', quantity: 1 }] });
    const b = await buyer.api.order.place.mutate({ shopId: second.shopId, items: [{ productId: second.products[0]?.id ?? '', quantity: 1 }] });
    await first.seller.api.shop.update.mutate({ shopId: first.shopId, name: 'Harbour Beans' });

    // The names as the rows have them now (a rename shows at once: the name is read with the list, not kept on the order).
    const shops = await server.app.deps.db.selectFrom('shops').select(['id', 'name']).where('id', 'in', [first.shopId, second.shopId]).execute();
    const nameOf = new Map(shops.map((s) => [s.id, s.name]));
    expect(nameOf.get(first.shopId)).toBe('Harbour Beans');
    const { items } = await buyer.api.order.listMine.query({});
    expect(items.map((o) => [o.id, o.shopName])).toEqual([
      [b.id, nameOf.get(second.shopId)],
      [a.id, 'Harbour Beans'],
    ]);
    // Paged too: the second page's order carries its shop's name.
    const page1 = await buyer.api.order.listMine.query({ limit: 1 });
    const page2 = await buyer.api.order.listMine.query({ limit: 1, cursor: page1.nextCursor });
    expect(page2.items.map((o) => o.shopName)).toEqual(['Harbour Beans']);
  });
});
