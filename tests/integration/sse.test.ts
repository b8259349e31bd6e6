import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TRPCClientError } from '@trpc/client';
import type { DashboardEvent, OrderStreamEvent } from '../../src/shared/events.js';
import type { AppRouter } from '../../src/server/router.js';
import { codeOf, connectSse, registerBuyer, type TestClient } from '../support/clients.js';
import { setupShop } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { collect, eventually, statusMoves } from '../support/subscriptions.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server[Symbol.asyncDispose]();
});

const reasonOf = (error: unknown) => (error as TRPCClientError<AppRouter>).data?.reason;

function watchDashboard(client: TestClient, shopId: string, lastEventId?: string) {
  return collect<DashboardEvent>((h) => client.api.dashboard.onDashboardUpdate.subscribe({ shopId, lastEventId }, h));
}

describe('subscriptions over HTTP (SSE, httpSubscriptionLink)', () => {
  it('replays from a snapshot cursor, then goes live, each event once and in order', async () => {
    await using shop = await setupShop(server.url, [{ stock: 50, priceCents: 1000 }]);
    const productId = shop.products[0]?.id ?? '';
    const place = () => shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity: 1 }] });
    await place();
    const stats = await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId });
    const first = await place();
    const sse = connectSse(server.url, shop.sellerToken);
    const dash = watchDashboard(sse, shop.shopId, stats.cursor);
    // Replayed: the order placed after the cursor (new_order, inventory_update, stock_movement).
    const replayed = await dash.waitFor(3);
    expect(replayed[0]?.data).toEqual({ type: 'new_order', order: first });
    const second = await place();
    const all = await dash.waitFor(6);
    expect(all[3]?.data).toEqual({ type: 'new_order', order: second });
    const ids = all.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(6);
    expect(Number(all[0]?.id)).toBeGreaterThan(Number(stats.cursor));
    dash.unsubscribe();
    await eventually(() => server.app.deps.live.size() === 0);
  });

  it("streams a buyer's order moves (order.onMyOrders), and refuses what the caller may not see", async () => {
    await using shop = await setupShop(server.url);
    const buyer = connectSse(server.url, shop.buyerToken);
    const mine = collect<OrderStreamEvent>((h) => buyer.api.order.onMyOrders.subscribe({}, h));
    await eventually(() => server.app.deps.live.size() === 1);
    const order = await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: shop.products[0]?.id ?? '', quantity: 1 }] });
    await shop.seller.api.order.updateStatus.mutate({ orderId: order.id, status: 'confirmed' });
    const events = await mine.waitFor(2);
    expect(statusMoves(events).map((move) => move.status)).toEqual(['pending', 'confirmed']);
    mine.unsubscribe();

    const stranger = watchDashboard(connectSse(server.url, (await registerBuyer(shop.buyer.api)).token), shop.shopId);
    // Over SSE, "started" means connected: the refusal follows as the stream's first message.
    await eventually(() => stranger.errors.length > 0);
    expect(codeOf(stranger.errors[0])).toBe('FORBIDDEN');
    const forged = watchDashboard(connectSse(server.url, 'not-a-token'), shop.shopId);
    await eventually(() => forged.errors.length > 0);
    expect(codeOf(forged.errors[0])).toBe('UNAUTHORIZED');
  });

  it('answers a cursor past the newest event with PRECONDITION_FAILED / cursor_ahead before any event', async () => {
    await using shop = await setupShop(server.url);
    const dash = watchDashboard(connectSse(server.url, shop.sellerToken), shop.shopId, '999999999');
    await eventually(() => dash.errors.length > 0);
    expect(dash.events).toEqual([]);
    expect(codeOf(dash.errors[0])).toBe('PRECONDITION_FAILED');
    expect(reasonOf(dash.errors[0])).toBe('cursor_ahead');
  });

  it("ends the token's open SSE streams with UNAUTHORIZED when it signs out", async () => {
    await using shop = await setupShop(server.url);
    const dash = watchDashboard(connectSse(server.url, shop.sellerToken), shop.shopId);
    await eventually(() => server.app.deps.live.size() === 1);
    await connectSse(server.url, shop.sellerToken).api.auth.logout.mutate();
    await eventually(() => dash.errors.length > 0, 5_000);
    expect(codeOf(dash.errors[0])).toBe('UNAUTHORIZED');
    await eventually(() => server.app.deps.connections.size() === 0);
    expect(server.app.deps.live.size()).toBe(0);
  });
});
