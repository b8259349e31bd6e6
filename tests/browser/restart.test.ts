import { describe, expect, it } from 'vitest';
import type { Product } from '../../src/shared/domain.js';
import { signedInClient } from './support/apiClient.js';
import { newContext, screenshot } from './support/browser.js';
import { BUYER, SELLER, dollars, expectAttribute, expectText, signIn } from './support/flows.js';
import { withServerAndBrowser } from './support/fixture.js';

describe('the dashboard rides out a server restart', () => {
  const env = withServerAndBrowser();

  it('shows Offline, then Live, and counts orders placed while it was away exactly once', async () => {
    const { context, problems } = await newContext(env.browser, env.server.current.url);
    const page = await context.newPage();
    const sent: string[] = [];
    const received: string[] = [];
    page.on('websocket', (ws) => {
      ws.on('framesent', (f) => sent.push(String(f.payload)));
      ws.on('framereceived', (f) => received.push(String(f.payload)));
    });
    await signIn(page, SELLER, /\/dashboard\/[^/]+$/);
    const shopId = new URL(page.url()).pathname.split('/').pop() ?? '';
    const connection = page.getByTestId('connection');
    await expectAttribute(connection, 'data-state', 'live');
    // The dashboard's own stream (the page's other streams, notifications and announcements, have ids of their
    // own), started before the first order, so that order reaches it as events.
    type Call = { id?: number; method?: string; params?: { path?: string } };
    const dashboardCalls = () =>
      sent
        .flatMap((f) => [JSON.parse(f) as unknown].flat() as Call[])
        .filter((call) => call.method === 'subscription' && call.params?.path === 'dashboard.onDashboardUpdate');
    const started = (id: number | undefined) => received.some((f) => f.startsWith(`{"id":${id},"result":{"type":"started"`));
    await expect.poll(() => dashboardCalls().some((call) => started(call.id)), { timeout: 10_000 }).toBe(true);

    // One order before the restart, so the figures start from something.
    const before = await signedInClient(env.server.current.url, BUYER);
    const products = await before.api.product.list.query({ shopId });
    const bySku = (sku: string) => products.find((p) => p.sku === sku) as Product;
    const [first, second] = [bySku('HB-250'), bySku('TM-01')];
    await before.api.order.place.mutate({ shopId, items: [{ productId: first.id, quantity: 1 }] });
    await before.close();
    await expectText(page.getByTestId('figure-orders'), '1', 1_000);

    const dashboardIds = new Set(dashboardCalls().map((call) => call.id));
    const lastIdBeforeStop = [...received]
      .reverse()
      .map((f) => /^\{"id":(\d+),"result":\{"type":"data","id":"(\d+)"/.exec(f))
      .find((match) => match !== null && dashboardIds.has(Number(match[1])))?.[2];
    expect(lastIdBeforeStop).toBeDefined();
    const subscriptionsBeforeStop = dashboardCalls().length;
    await env.server.stop();
    await expectAttribute(connection, 'data-state', 'offline', 10_000);
    await screenshot(page, 'c-offline');

    // Hold the tab off the network while the orders go in, so its jittered reconnect cannot
    // win the race with them: they must come back through replay, not as live events.
    await context.setOffline(true);
    await env.server.restart();
    const buyer = await signedInClient(env.server.current.url, BUYER);
    const away = [
      { productId: first.id, quantity: 2 },
      { productId: second.id, quantity: 1 },
      { productId: first.id, quantity: 1 },
    ];
    for (const item of away) await buyer.api.order.place.mutate({ shopId, items: [item] });
    expect(await connection.getAttribute('data-state')).not.toBe('live');
    await buyer.close();
    await context.setOffline(false);

    await expectAttribute(connection, 'data-state', 'live', 15_000);
    const priceOf = (id: string) => products.find((p) => p.id === id)?.priceCents ?? 0;
    const costOf = (id: string) => products.find((p) => p.id === id)?.costCents ?? 0;
    const lines = [{ productId: first.id, quantity: 1 }, ...away];
    const revenue = lines.reduce((sum, line) => sum + priceOf(line.productId) * line.quantity, 0);
    const profit = lines.reduce((sum, line) => sum + (priceOf(line.productId) - costOf(line.productId)) * line.quantity, 0);
    await expectText(page.getByTestId('figure-orders'), '4', 5_000);
    await expectText(page.getByTestId('figure-revenue'), dollars(revenue));
    await expectText(page.getByTestId('figure-profit'), dollars(profit));
    await expectText(page.getByTestId('chart-revenue'), dollars(revenue));
    // The stream resumed from an event id, never from scratch: wsLink's own retry sends the last id it
    // saw; if the page's refetch on coming back online wins that race (it does on a loaded machine),
    // the view resubscribes from the fresh snapshot's cursor, which is newer. Either way nothing is
    // counted twice or lost (checked by the figures above and the reload below).
    const resumed = () => dashboardCalls().slice(subscriptionsBeforeStop).map((call) => JSON.stringify(call));
    await expect.poll(() => resumed().length, { timeout: 10_000 }).toBeGreaterThan(0);
    // wsLink puts the id it tracked beside the input (params.lastEventId, which the server lets win
    // over the input's), so the last one in the frame is the one that counts.
    const resumedFrom = resumed().map((f) => Number([...f.matchAll(/"lastEventId":"(\d+)"/g)].pop()?.[1]));
    expect(resumedFrom.every((id) => id >= Number(lastIdBeforeStop)), JSON.stringify([lastIdBeforeStop, resumed()])).toBe(true);
    const rows = page.getByTestId('order-row');
    await expect.poll(() => rows.count()).toBe(4);
    const ids = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-order-id')));
    expect(new Set(ids).size).toBe(4);

    // And the resumed stream is live: an order now shows up without a reload.
    const after = await signedInClient(env.server.current.url, BUYER);
    await after.api.order.place.mutate({ shopId, items: [{ productId: second.id, quantity: 1 }] });
    await after.close();
    lines.push({ productId: second.id, quantity: 1 });
    const revenueAfter = lines.reduce((sum, line) => sum + priceOf(line.productId) * line.quantity, 0);
    await expectText(page.getByTestId('figure-orders'), '5', 5_000);
    await expectText(page.getByTestId('figure-revenue'), dollars(revenueAfter));

    // The same figures as a fresh load: nothing counted twice or lost.
    await page.reload();
    await expectText(page.getByTestId('figure-orders'), '5');
    await expectText(page.getByTestId('figure-revenue'), dollars(revenueAfter));
    await screenshot(page, 'c-live-after-restart');
    expect(problems).toEqual([]);
  });
});
