import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderNumber } from '../../src/shared/orderNumber.js';
import { codeOf, connect, errorCode, registerBuyer, registerSeller, zodIssues, type Api } from '../support/clients.js';
import { setupShop } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server[Symbol.asyncDispose]();
});

const all = (api: Api) => api.notification.list.query({ limit: 100 });
const notificationRows = async () => Number((await server.app.deps.db.selectFrom('notifications').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const unreadRows = async () =>
  Number((await server.app.deps.db.selectFrom('notifications').select((eb) => eb.fn.countAll().as('n')).where('read_at', 'is', null).executeTakeFirstOrThrow()).n);

/** A second member of a shop, as a teams feature would add one: a row of shop_sellers. */
async function addMember(shopId: string): Promise<{ api: Api; userId: string; close: () => Promise<void> }> {
  const anon = connect(server.url);
  const other = await registerSeller(anon.api);
  await anon.close();
  await server.app.deps.db.insertInto('shop_sellers').values({ shop_id: shopId, user_id: other.user.id, role: 'staff' }).execute();
  const client = connect(server.url, other.token);
  return { api: client.api, userId: other.user.id, close: () => client.close() };
}

describe('notifications from orders and stock', () => {
  it('tells every member of the shop of a new order, in words, linked to the dashboard; the buyer is not told of their own order', async () => {
    await using shop = await setupShop(server.url, [{ name: 'House Blend', priceCents: 1200, stock: 50 }]);
    const member = await addMember(shop.shopId);
    const outsider = await registerSeller(shop.seller.api);
    const order = await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: shop.products[0]?.id ?? '', quantity: 2 }] });

    for (const api of [shop.seller.api, member.api]) {
      const list = await all(api);
      expect(list.unreadCount).toBe(1);
      expect(list.items).toEqual([
        {
          id: expect.any(String) as string,
          kind: 'new_order',
          title: `New order ${orderNumber(order.id)}`,
          body: expect.stringMatching(/^\$24\.00 at Shop .+: 2× House Blend\.$/) as string,
          link: `/dashboard/${shop.shopId}`,
          createdAt: expect.any(Date) as Date,
          readAt: null,
        },
      ]);
    }
    expect((await all(shop.buyer.api)).items).toEqual([]);
    expect((await all(connect(server.url, outsider.token).api)).items).toEqual([]);
    await member.close();
  });

  it('tells the buyer of each move the shop makes, naming the order and the shop, and not of their own cancel', async () => {
    await using shop = await setupShop(server.url, [{ stock: 50 }]);
    const productId = shop.products[0]?.id ?? '';
    const [{ name: shopName } = { name: '' }] = (await shop.buyer.api.shop.list.query()).filter((s) => s.id === shop.shopId);
    const order = await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity: 1 }] });
    for (const status of ['confirmed', 'shipped', 'delivered'] as const) await shop.seller.api.order.updateStatus.mutate({ orderId: order.id, status });

    const list = await all(shop.buyer.api);
    expect(list.unreadCount).toBe(3);
    expect(list.items.map((n) => [n.kind, n.title, n.body, n.link])).toEqual([
      ['order_status', `Order ${orderNumber(order.id)} delivered`, `Your order ${orderNumber(order.id)} from ${shopName} was delivered.`, '/orders'],
      ['order_status', `Order ${orderNumber(order.id)} shipped`, `Your order ${orderNumber(order.id)} from ${shopName} was shipped.`, '/orders'],
      ['order_status', `Order ${orderNumber(order.id)} confirmed`, `Your order ${orderNumber(order.id)} from ${shopName} was confirmed and is being prepared.`, '/orders'],
    ]);

    const cancelledByShop = await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity: 1 }] });
    await shop.seller.api.order.updateStatus.mutate({ orderId: cancelledByShop.id, status: 'cancelled' });
    const mine = await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity: 1 }] });
    await shop.buyer.api.order.cancelMine.mutate({ orderId: mine.id });
    const after = await all(shop.buyer.api);
    expect(after.items.map((n) => n.title)).toEqual([`Order ${orderNumber(cancelledByShop.id)} cancelled`, ...list.items.map((n) => n.title)]);
    expect(after.unreadCount).toBe(4);
  });

  it('tells every member when an order or an adjustment leaves a product low or sold out, in the same change', async () => {
    await using shop = await setupShop(server.url, [
      { name: 'Mug', stock: 6, lowStockThreshold: 5 },
      { name: 'Kettle', stock: 2, lowStockThreshold: 1 },
    ]);
    const member = await addMember(shop.shopId);
    const [mug, kettle] = shop.products;
    await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: mug?.id ?? '', quantity: 2 }, { productId: kettle?.id ?? '', quantity: 2 }] });
    for (const api of [shop.seller.api, member.api]) {
      const list = await all(api);
      // One change: the order and both alerts, in that order (ids grow in the order they were made).
      expect(list.items.map((n) => [n.kind, n.title]).reverse()).toEqual([
        ['new_order', expect.stringMatching(/^New order #/) as string],
        ['low_stock', 'Low stock: Mug'],
        ['out_of_stock', 'Sold out: Kettle'],
      ]);
      expect(list.items[1]?.body).toMatch(/^Only 4 left of Mug at Shop .+ \(you are alerted at 5\)\.$/);
      expect(list.items.every((n) => n.link === `/dashboard/${shop.shopId}`)).toBe(true);
    }

    await shop.seller.api.inventory.adjust.mutate({ productId: mug?.id ?? '', delta: -4, reason: 'broken' });
    expect((await all(member.api)).items[0]).toMatchObject({ kind: 'out_of_stock', title: 'Sold out: Mug' });
    // A restock tells no one.
    const before = await notificationRows();
    await shop.seller.api.inventory.adjust.mutate({ productId: mug?.id ?? '', delta: 10, reason: 'delivery' });
    expect(await notificationRows()).toBe(before);
    await member.close();
  });

  it('writes nothing when the change fails: an order short of stock leaves no notification', async () => {
    await using shop = await setupShop(server.url, [{ stock: 1 }]);
    const before = await notificationRows();
    expect(await errorCode(shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: shop.products[0]?.id ?? '', quantity: 2 }] }))).toBe('CONFLICT');
    expect(await notificationRows()).toBe(before);
  });
});

describe('notification.list', () => {
  it('pages newest first with a cursor, counts unread over all pages, and can list unread only', async () => {
    await using shop = await setupShop(server.url, [{ stock: 100, lowStockThreshold: 0 }]);
    const productId = shop.products[0]?.id ?? '';
    const orders = [];
    for (let i = 0; i < 5; i++) orders.push(await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity: 1 }] }));
    const titles = orders.map((o) => `New order ${orderNumber(o.id)}`).reverse();

    const first = await shop.seller.api.notification.list.query({ limit: 2 });
    expect(first.items.map((n) => n.title)).toEqual(titles.slice(0, 2));
    expect(first.unreadCount).toBe(5);
    expect(Number(first.eventCursor)).toBeGreaterThan(0);
    const second = await shop.seller.api.notification.list.query({ limit: 2, cursor: first.nextCursor });
    const third = await shop.seller.api.notification.list.query({ limit: 2, cursor: second.nextCursor });
    expect([...second.items, ...third.items].map((n) => n.title)).toEqual(titles.slice(2));
    expect(third.nextCursor).toBeNull();

    await shop.seller.api.notification.markRead.mutate({ ids: [first.items[0]?.id ?? '', third.items[0]?.id ?? ''] });
    const unread = await shop.seller.api.notification.list.query({ unreadOnly: true });
    expect(unread.items.map((n) => n.title)).toEqual([titles[1], titles[2], titles[3]]);
    expect(unread.unreadCount).toBe(3);
    const everything = await shop.seller.api.notification.list.query();
    expect(everything.items).toHaveLength(5);
    expect(everything.items[0]?.readAt).toBeInstanceOf(Date);
  });

  it('answers an empty list, not an error, to someone who was never told anything', async () => {
    const anon = connect(server.url);
    const buyer = await registerBuyer(anon.api);
    const list = await connect(server.url, buyer.token).api.notification.list.query();
    expect(list).toMatchObject({ items: [], nextCursor: null, unreadCount: 0 });
    await anon.close();
  });
});

describe('notification.markRead', () => {
  it('marks the given ones, or all, and answers the new unread count; marking one again changes nothing', async () => {
    await using shop = await setupShop(server.url, [{ stock: 100, lowStockThreshold: 0 }]);
    const productId = shop.products[0]?.id ?? '';
    for (let i = 0; i < 3; i++) await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity: 1 }] });
    const { items } = await all(shop.seller.api);
    const one = items[0]?.id ?? '';
    expect(await shop.seller.api.notification.markRead.mutate({ ids: [one, one] })).toEqual({ unreadCount: 2 });
    expect(await shop.seller.api.notification.markRead.mutate({ ids: [one] })).toEqual({ unreadCount: 2 });
    expect(await shop.seller.api.notification.markRead.mutate({ all: true })).toEqual({ unreadCount: 0 });
    expect((await all(shop.seller.api)).items.every((n) => n.readAt instanceof Date)).toBe(true);
  });

  it("never marks another person's: their id answers NOT_FOUND and nothing of either is marked", async () => {
    await using shop = await setupShop(server.url, [{ stock: 100, lowStockThreshold: 0 }]);
    const productId = shop.products[0]?.id ?? '';
    const order = await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity: 1 }] });
    await shop.seller.api.order.updateStatus.mutate({ orderId: order.id, status: 'confirmed' });
    const sellers = await all(shop.seller.api);
    const buyers = await all(shop.buyer.api);
    const theirs = sellers.items[0]?.id ?? '';
    const own = buyers.items[0]?.id ?? '';

    expect(await errorCode(shop.buyer.api.notification.markRead.mutate({ ids: [theirs] }))).toBe('NOT_FOUND');
    expect(await errorCode(shop.buyer.api.notification.markRead.mutate({ ids: [own, theirs] }))).toBe('NOT_FOUND');
    expect(await errorCode(shop.buyer.api.notification.markRead.mutate({ ids: ['01900000-0000-7000-8000-000000000000'] }))).toBe('NOT_FOUND');
    expect((await all(shop.seller.api)).unreadCount).toBe(1);
    expect((await all(shop.buyer.api)).unreadCount).toBe(1);
    // "All" is the caller's all.
    await shop.buyer.api.notification.markRead.mutate({ all: true });
    expect((await all(shop.seller.api)).unreadCount).toBe(1);
    expect((await all(shop.buyer.api)).unreadCount).toBe(0);
  });
});

describe('refusals', () => {
  it('answers UNAUTHORIZED to every procedure without a sign-in, and to a forged token', async () => {
    for (const client of [connect(server.url), connect(server.url, 'not-a-token', 'http')]) {
      expect(await errorCode(client.api.notification.list.query())).toBe('UNAUTHORIZED');
      expect(await errorCode(client.api.notification.markRead.mutate({ all: true }))).toBe('UNAUTHORIZED');
      await client.close();
    }
    const anon = connect(server.url);
    const error = await new Promise<unknown>((resolve) => {
      anon.api.notification.onNotification.subscribe({}, { onError: resolve, onData: () => resolve(new Error('got an event')) });
    });
    expect(codeOf(error)).toBe('UNAUTHORIZED');
    await anon.close();
  });

  it('answers bad input with BAD_REQUEST in words and changes nothing', async () => {
    await using shop = await setupShop(server.url, [{ stock: 100 }]);
    await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: shop.products[0]?.id ?? '', quantity: 1 }] });
    const unreadBefore = await unreadRows();
    const api = shop.seller.api;
    const bad: [Promise<unknown>, RegExp][] = [
      [api.notification.list.query({ limit: 0 }), /too small|>=1/i],
      [api.notification.list.query({ limit: 101 }), /too big|<=100/i],
      [api.notification.list.query({ cursor: 'not-a-cursor' }), /notification id from this server/],
      [api.notification.markRead.mutate({ ids: [] }), /Give at least one notification id/],
      [api.notification.markRead.mutate({ ids: ['nope'] }), /notification id from this server/],
      [api.notification.markRead.mutate({ all: false } as never), /all must be true/],
      [api.notification.markRead.mutate({ all: true, ids: ['01900000-0000-7000-8000-000000000000'] }), /Give either \{ ids: \[\.\.\.\] \} or \{ all: true \}/],
      [api.notification.markRead.mutate({ all: true, more: 1 } as never), /Unrecognized key/],
      [api.notification.markRead.mutate({}), /Give either/],
      [api.notification.markRead.mutate({ ids: Array.from({ length: 101 }, () => '01900000-0000-7000-8000-000000000000') }), /At most 100 ids at once/],
    ];
    for (const [call, words] of bad) {
      const issues = (await zodIssues(call)) as { message: string }[];
      expect(issues.length).toBeGreaterThan(0);
      expect(issues.map((i) => i.message).join(' ')).toMatch(words);
    }
    expect(await errorCode(api.notification.markRead.mutate({}))).toBe('BAD_REQUEST');
    expect(await unreadRows()).toBe(unreadBefore);
  });
});
