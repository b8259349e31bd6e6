import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TRPCClientError } from '@trpc/client';
import type { UserEvent } from '../../src/shared/notification.js';
import { orderNumber } from '../../src/shared/orderNumber.js';
import type { AppRouter } from '../../src/server/router.js';
import { topicKinds } from '../../src/server/live/topics.js';
import { codeOf, connect, connectSse, registerBuyer, type TestClient } from '../support/clients.js';
import { setupShop, type ShopFixture } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { collect, eventually } from '../support/subscriptions.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server[Symbol.asyncDispose]();
});

function watch(client: TestClient, lastEventId?: string) {
  return collect<UserEvent>((h) => client.api.notification.onNotification.subscribe({ lastEventId }, h));
}

const placeOne = (shop: ShopFixture) => shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: shop.products[0]?.id ?? '', quantity: 1 }] });
const ascendingUnique = (ids: string[]) => ids.map(Number).every((id, i, all) => i === 0 || id > (all[i - 1] ?? 0));

describe.each([
  ['WebSocket', (s: ShopFixture) => connect(server.url, s.sellerToken)],
  ['SSE', (s: ShopFixture) => connectSse(server.url, s.sellerToken)],
])('notification.onNotification over %s', (_transport, sellerClient) => {
  it("replays from list's eventCursor with no gap and no duplicate, then goes live with new ones and reads", async () => {
    await using shop = await setupShop(server.url, [{ stock: 100, lowStockThreshold: 0 }]);
    await placeOne(shop);
    const snapshot = await shop.seller.api.notification.list.query();
    expect(snapshot.unreadCount).toBe(1);
    // Made between the snapshot and the subscription: only the replay can bring them.
    await placeOne(shop);
    await placeOne(shop);
    // Another shop's order and this shop's buyer's notification are someone else's.
    await using other = await setupShop(server.url, [{ stock: 10 }]);
    await placeOne(other);
    await shop.seller.api.order.updateStatus.mutate({ orderId: (await placeOne(shop)).id, status: 'confirmed' });

    const client = sellerClient(shop);
    const stream = watch(client, snapshot.eventCursor);
    const replayed = await stream.waitFor(3);
    const listed = await shop.seller.api.notification.list.query();
    // The stream's notifications are the list's rows, newest last.
    expect(replayed.map((e) => e.data)).toEqual(listed.items.slice(0, 3).reverse().map((notification) => ({ type: 'notification', notification })));
    expect(replayed.every((e) => Number(e.id) > Number(snapshot.eventCursor))).toBe(true);

    const read = await shop.seller.api.notification.markRead.mutate({ ids: [listed.items[0]?.id ?? '', listed.items[1]?.id ?? ''] });
    expect(read.unreadCount).toBe(2);
    await placeOne(shop);
    const events = await stream.waitFor(5);
    expect(events[3]?.data).toEqual({ type: 'read', ids: [listed.items[1]?.id, listed.items[0]?.id], unreadCount: 2 });
    expect(events[4]?.data).toMatchObject({ type: 'notification', notification: { kind: 'new_order', readAt: null } });
    expect(ascendingUnique(events.map((e) => e.id))).toBe(true);
    // Nothing else arrives: an order of the other shop goes to its own members only.
    await placeOne(other);
    const marker = await placeOne(shop);
    const withMarker = await stream.waitFor(6);
    expect(withMarker[5]?.data).toMatchObject({ type: 'notification', notification: { title: expect.stringContaining(orderNumber(marker.id)) as string } });
    expect(stream.events).toHaveLength(6);
    stream.unsubscribe();
    await eventually(() => server.app.deps.live.size() === 0);
    await client.close();
  });

  it('resumes from the last id it saw: exactly what it missed, once', async () => {
    await using shop = await setupShop(server.url, [{ stock: 100, lowStockThreshold: 0 }]);
    const { eventCursor } = await shop.seller.api.notification.list.query();
    const client = sellerClient(shop);
    const first = watch(client, eventCursor);
    await placeOne(shop);
    const [seen] = await first.waitFor(1);
    first.unsubscribe();
    await eventually(() => server.app.deps.live.size() === 0);

    await placeOne(shop);
    await shop.seller.api.notification.markRead.mutate({ all: true });
    const resumed = watch(client, seen?.id);
    const missed = await resumed.waitFor(2);
    expect(missed.map((e) => e.data.type)).toEqual(['notification', 'read']);
    expect(Number(missed[0]?.id)).toBeGreaterThan(Number(seen?.id));
    expect(missed[1]?.data).toMatchObject({ type: 'read', unreadCount: 0 });
    expect((missed[1]?.data as Extract<UserEvent, { type: 'read' }>).ids).toHaveLength(2);
    resumed.unsubscribe();
    await client.close();
  });
});

describe('who may follow notifications', () => {
  it('refuses a caller who is not signed in, over WebSocket and SSE, before any event', async () => {
    const ws = watch(connect(server.url));
    await ws.started;
    expect(codeOf(ws.errors[0])).toBe('UNAUTHORIZED');
    const sse = watch(connectSse(server.url, 'not-a-token'));
    await eventually(() => sse.errors.length > 0);
    expect(codeOf(sse.errors[0])).toBe('UNAUTHORIZED');
    expect([...ws.events, ...sse.events]).toEqual([]);
  });

  it("has no way to name someone else's topic, and the topic kind refuses it anyway", async () => {
    await using shop = await setupShop(server.url);
    const claims = await server.app.deps.tokens.verify(shop.sellerToken);
    await expect(server.app.deps.live.follow(claims, topicKinds.user, shop.buyerId, '0')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(server.app.deps.live.follow(null, topicKinds.user, shop.buyerId, '0')).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    // An extra `userId` in the input is not read: the stream is still the caller's own.
    const stranger = connect(server.url, (await registerBuyer(shop.buyer.api)).token);
    const mine = collect<UserEvent>((h) => stranger.api.notification.onNotification.subscribe({ lastEventId: '0', userId: shop.buyerId } as never, h));
    await mine.started;
    await shop.seller.api.order.updateStatus.mutate({ orderId: (await placeOne(shop)).id, status: 'confirmed' });
    expect((await shop.buyer.api.notification.list.query()).unreadCount).toBe(1);
    // Then one of the stranger's own, committed after: had the buyer's been routed here, it would come first.
    const own = await stranger.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: shop.products[0]?.id ?? '', quantity: 1 }] });
    await shop.seller.api.order.updateStatus.mutate({ orderId: own.id, status: 'confirmed' });
    const [only] = await mine.waitFor(1);
    expect(only?.data).toMatchObject({ type: 'notification', notification: { body: expect.stringContaining(orderNumber(own.id)) as string } });
    expect(mine.events).toHaveLength(1);
    expect(mine.errors).toEqual([]);
    mine.unsubscribe();
    await stranger.close();
  });

  it('answers a cursor past the newest event with PRECONDITION_FAILED / cursor_ahead', async () => {
    await using shop = await setupShop(server.url);
    const ahead = watch(shop.seller, '999999999');
    // The refusal comes after the start (the cursor is checked against the log), before any event.
    await eventually(() => ahead.errors.length > 0);
    expect(codeOf(ahead.errors[0])).toBe('PRECONDITION_FAILED');
    expect((ahead.errors[0] as TRPCClientError<AppRouter>).data?.reason).toBe('cursor_ahead');
  });
});
