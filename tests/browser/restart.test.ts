import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../../src/shared/domain.js';
import { signedInClient } from './support/apiClient.js';
import { launchBrowser, newContext, screenshot } from './support/browser.js';
import { BUYER, SELLER, dollars, expectAttribute, expectText, signIn } from './support/flows.js';
import { startTestServer, type TestServer } from './support/server.js';

describe('the dashboard rides out a server restart', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('shows Offline, then Live, and counts orders placed while it was away exactly once', async () => {
    const { context, problems } = await newContext(browser, server.current.url);
    const page = await context.newPage();
    await signIn(page, SELLER, /\/dashboard\/[^/]+$/);
    const shopId = new URL(page.url()).pathname.split('/').pop() ?? '';
    const connection = page.getByTestId('connection');
    await expectAttribute(connection, 'data-state', 'live');

    // One order before the restart, so the figures start from something.
    const before = await signedInClient(server.current.url, BUYER);
    const products = await before.api.product.list.query({ shopId });
    const bySku = (sku: string) => products.find((p) => p.sku === sku) as Product;
    const [first, second] = [bySku('HB-250'), bySku('TM-01')];
    await before.api.order.place.mutate({ shopId, items: [{ productId: first.id, quantity: 1 }] });
    await before.close();
    await expectText(page.getByTestId('figure-orders'), '1', 1_000);

    await server.stop();
    await expectAttribute(connection, 'data-state', 'offline', 10_000);
    await screenshot(page, 'c-offline');

    await server.restart();
    const buyer = await signedInClient(server.current.url, BUYER);
    const away = [
      { productId: first.id, quantity: 2 },
      { productId: second.id, quantity: 1 },
      { productId: first.id, quantity: 1 },
    ];
    for (const item of away) await buyer.api.order.place.mutate({ shopId, items: [item] });
    // The dashboard's backoff has not brought it back yet: these orders really happened while it was away.
    expect(await connection.getAttribute('data-state')).not.toBe('live');
    await buyer.close();

    await expectAttribute(connection, 'data-state', 'live', 15_000);
    const priceOf = (id: string) => products.find((p) => p.id === id)?.priceCents ?? 0;
    const costOf = (id: string) => products.find((p) => p.id === id)?.costCents ?? 0;
    const lines = [{ productId: first.id, quantity: 1 }, ...away];
    const revenue = lines.reduce((sum, line) => sum + priceOf(line.productId) * line.quantity, 0);
    const profit = lines.reduce((sum, line) => sum + (priceOf(line.productId) - costOf(line.productId)) * line.quantity, 0);
    await expectText(page.getByTestId('figure-orders'), '4', 5_000);
    await expectText(page.getByTestId('figure-revenue'), dollars(revenue));
    await expectText(page.getByTestId('figure-profit'), dollars(profit));
    await expectText(page.getByTestId('revenue-today'), dollars(revenue));
    const rows = page.getByTestId('order-row');
    await expect.poll(() => rows.count()).toBe(4);
    const ids = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-order-id')));
    expect(new Set(ids).size).toBe(4);

    // The same figures as a fresh load: nothing counted twice or lost.
    await page.reload();
    await expectText(page.getByTestId('figure-orders'), '4');
    await expectText(page.getByTestId('figure-revenue'), dollars(revenue));
    await screenshot(page, 'c-live-after-restart');
    expect(problems).toEqual([]);
  });
});
