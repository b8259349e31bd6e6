import type { WebSocketRoute } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Product } from '../../src/shared/domain.js';
import { signedInClient } from './support/apiClient.js';
import { newContext, screenshot } from './support/browser.js';
import { BUYER, SELLER, dollars, expectAttribute, expectText, signIn } from './support/flows.js';
import { withServerAndBrowser } from './support/fixture.js';

interface Frame {
  id?: number;
  method?: string;
  params?: { path?: string; input?: { json?: { lastEventId?: string } } };
  result?: { type?: string; id?: string };
}

function frames(message: string | Buffer): Frame[] {
  const parsed: unknown = JSON.parse(message.toString());
  return (Array.isArray(parsed) ? parsed : [parsed]) as Frame[];
}

/**
 * Sits between the page and the server and can end the dashboard stream the way the
 * server does when a subscriber falls behind: a TOO_MANY_REQUESTS error for its id.
 * The server keeps streaming under that id; those frames are dropped, as a real
 * ended stream would not deliver them.
 */
function streamKiller() {
  let route: WebSocketRoute | undefined;
  const killed = new Set<number>();
  const subscriptions: { id: number; lastEventId: string | undefined }[] = [];
  let lastDelivered: string | undefined;
  return {
    subscriptions,
    lastDelivered: () => lastDelivered,
    handler(ws: WebSocketRoute) {
      route = ws;
      const server = ws.connectToServer();
      ws.onMessage((message) => {
        for (const f of frames(message)) {
          if (f.method === 'subscription' && f.params?.path === 'dashboard.onDashboardUpdate' && f.id !== undefined) {
            subscriptions.push({ id: f.id, lastEventId: f.params.input?.json?.lastEventId });
          }
        }
        server.send(message);
      });
      server.onMessage((message) => {
        const list = frames(message);
        if (list.some((f) => f.id !== undefined && killed.has(f.id))) return;
        // The dashboard stream's own frames: the page's other streams (its notifications) have ids of their own.
        for (const f of list) if (f.result?.type === 'data' && f.result.id && subscriptions.some((s) => s.id === f.id)) lastDelivered = f.result.id;
        ws.send(message);
      });
    },
    kill() {
      const current = subscriptions.at(-1);
      if (!route || !current) throw new Error('no dashboard subscription to end');
      killed.add(current.id);
      const error = { message: 'Subscriber fell 1 events behind', code: -32029, data: { code: 'TOO_MANY_REQUESTS', httpStatus: 429, path: 'dashboard.onDashboardUpdate', zodIssues: null } };
      route.send(JSON.stringify({ id: current.id, error: { json: error } }));
    },
  };
}

describe('a dashboard stream the server ends for falling behind', () => {
  const env = withServerAndBrowser();

  it('resubscribes from the last event it got and counts every order once', async () => {
    const { context, problems } = await newContext(env.browser, env.server.current.url);
    const killer = streamKiller();
    await context.routeWebSocket(/\/trpc/, (ws) => killer.handler(ws));
    const page = await context.newPage();
    await signIn(page, SELLER, /\/dashboard\/[^/]+$/);
    const shopId = new URL(page.url()).pathname.split('/').pop() ?? '';
    await expectAttribute(page.getByTestId('connection'), 'data-state', 'live');
    // The socket is up before the dashboard's snapshots have loaded; the stream opens after them.
    await expect.poll(() => killer.subscriptions.length, { timeout: 10_000 }).toBeGreaterThan(0);

    const buyer = await signedInClient(env.server.current.url, BUYER);
    const products = await buyer.api.product.list.query({ shopId });
    const blend = products.find((p: Product) => p.sku === 'HB-250') as Product;
    const place = () => buyer.api.order.place.mutate({ shopId, items: [{ productId: blend.id, quantity: 1 }] });
    await place();
    await expectText(page.getByTestId('figure-orders'), '1', 1_000);
    const lastBeforeKill = killer.lastDelivered();
    expect(lastBeforeKill).toBeDefined();

    killer.kill();
    // Both land on the ended stream (dropped): only a resubscription can bring them.
    await place();
    await place();
    await buyer.close();

    await expectText(page.getByTestId('figure-orders'), '3', 10_000);
    await expectText(page.getByTestId('figure-revenue'), dollars(3 * blend.priceCents));
    await expect.poll(() => page.getByTestId('order-row').count()).toBe(3);
    expect(killer.subscriptions.at(-1)?.lastEventId).toBe(lastBeforeKill);
    await screenshot(page, 'e-after-resubscribe');
    expect(problems).toEqual([]);
  });
});
