import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopwireClient } from '../../src/client/sdk/createShopwireClient.js';
import { startTestServer, testClock, type TestServer } from '../support/server.js';
import { launchBrowser, newContext, screenshot } from './support/browser.js';
import { BUYER, SELLER, dollars, expectAttribute, expectText, signIn } from './support/flows.js';
import WebSocket from 'ws';

const DAY = 86_400_000;
// The seller's browser is in India (+5:30, no DST) while the server runs in UTC: "today" is India's.
const ZONE = 'Asia/Kolkata';
const OFFSET = 5.5 * 3_600_000;
const startOfZoneDay = (at: number) => Math.floor((at + OFFSET) / DAY) * DAY - OFFSET;

/**
 * The real server in this process, with a clock the test can set: yesterday's orders are placed
 * through the API while the server believes it is yesterday, then time runs on from now.
 */
describe('the dashboard period switcher', () => {
  const clock = testClock();
  let server: TestServer;
  let browser: Browser;
  const yesterday10 = startOfZoneDay(Date.now()) - DAY + 10 * 3_600_000;

  beforeAll(async () => {
    server = await startTestServer({ SEED_DEMO: 'true', STATIC_DIR: resolve('dist/client') }, { clock });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.[Symbol.asyncDispose]();
  });

  async function buyer() {
    let token: string | null = null;
    const client = createShopwireClient({ url: server.url, token: () => token, WebSocket, transport: 'http' });
    token = (await client.api.auth.login.mutate(BUYER)).token;
    const [shop] = await client.api.shop.list.query();
    const products = await client.api.product.list.query({ shopId: shop?.id ?? '' });
    const bySku = (sku: string) => products.find((p) => p.sku === sku)?.id ?? '';
    const order = (sku: string, quantity: number) => client.api.order.place.mutate({ shopId: shop?.id ?? '', items: [{ productId: bySku(sku), quantity }] });
    return { order, close: () => client.close() };
  }

  it('shows yesterday’s figures and labels on Yesterday; today’s move live when an order arrives, yesterday’s do not', async () => {
    // Yesterday at 10:00 in India: two orders, $24.00 + $22.00.
    clock.set(new Date(yesterday10));
    const early = await buyer();
    await early.order('HB-250', 2);
    await early.order('TM-01', 1);
    await early.close();
    clock.set(null);
    const now = await buyer();
    await now.order('HB-250', 1);

    const { context, problems } = await newContext(browser, server.url, undefined, 'light', ZONE);
    const page = await context.newPage();
    await signIn(page, SELLER, /\/dashboard\/[^/]+$/);
    await expectAttribute(page.getByTestId('connection'), 'data-state', 'live');
    const orders = page.getByTestId('figure-orders');
    const pick = (label: string) => page.getByTestId('period-switcher').getByText(label, { exact: true }).click();

    // Today by default, named so on every figure, compared with yesterday.
    await expectText(orders, '1');
    await expectText(page.getByTestId('figure-orders-period'), /^Today$/i);
    await expectText(page.getByTestId('figure-revenue'), dollars(1200));
    await expectText(page.getByTestId('figure-orders-change'), '−50% vs yesterday');
    await expectText(page.getByTestId('figure-revenue-change'), '−74% vs yesterday');
    await expectAttribute(page.getByTestId('period-live'), 'data-live', 'true');
    await expectText(page.getByTestId('chart-period'), 'Today');
    await expectText(page.getByTestId('chart-revenue'), dollars(1200));

    await pick('Yesterday');
    await page.waitForURL(/\?period=yesterday$/);
    await expectText(orders, '2');
    await expectText(page.getByTestId('figure-orders-period'), /^Yesterday$/i);
    await expectText(page.getByTestId('figure-revenue'), dollars(4600));
    await expectText(page.getByTestId('figure-revenue-period'), /^Yesterday$/i);
    await expectText(page.getByTestId('figure-revenue-change'), 'up from $0.00 in the day before');
    await expectAttribute(page.getByTestId('period-live'), 'data-live', 'false');
    await expectText(page.getByTestId('chart-period'), 'Yesterday');
    // Both orders were placed at 10:00 in India: the 10:00–11:00 bar holds them, India's hours, not the server's.
    const tenOClock = page.locator(`[data-testid="chart-bucket"][data-from="${new Date(yesterday10).toISOString()}"]`);
    await expectAttribute(tenOClock, 'data-revenue', '4600');
    expect(await page.locator('[data-testid="chart-bucket"][data-revenue="0"]').count()).toBe(23);
    await screenshot(page, 'periods-yesterday');

    // An order now: it reaches the page (the orders table shows it live) but yesterday's figures stay.
    const rows = page.getByTestId('order-row');
    const before = await rows.count();
    await now.order('TM-01', 1);
    await expect.poll(() => rows.count(), { timeout: 5_000 }).toBe(before + 1);
    await expectText(orders, '2');
    await expectText(page.getByTestId('figure-revenue'), dollars(4600));

    // Back to today: the order placed meanwhile is in, and the next one moves the figures live.
    await pick('Today');
    await expectText(orders, '2');
    await expectText(page.getByTestId('figure-revenue'), dollars(1200 + 2200));
    await now.order('HB-250', 2);
    await expectText(orders, '3', 2_000);
    await expectText(page.getByTestId('figure-revenue'), dollars(1200 + 2200 + 2400), 2_000);
    await expectText(page.getByTestId('chart-revenue'), dollars(1200 + 2200 + 2400), 2_000);
    await expectText(page.getByTestId('figure-orders-change'), '+50% vs yesterday');
    const thisHour = new Date(startOfZoneDay(Date.now()) + Math.floor((Date.now() - startOfZoneDay(Date.now())) / 3_600_000) * 3_600_000);
    const hourBar = page.locator(`[data-testid="chart-bucket"][data-from="${thisHour.toISOString()}"]`);
    await expect.poll(async () => Number(await hourBar.getAttribute('data-revenue')), { timeout: 2_000 }).toBeGreaterThanOrEqual(2400);
    await screenshot(page, 'periods-today-live');

    // Seven days hold all of it, by the day; a custom range that runs backwards says so.
    await pick('7 days');
    await expectText(orders, '5');
    await expectText(page.getByTestId('figure-orders-period'), /^Last 7 days$/i);
    expect(await page.getByTestId('chart-bucket').count()).toBe(7);
    await pick('Custom');
    await page.getByLabel('Last day').fill('2020-01-01');
    await expectText(page.getByText(/The last day comes before the first/), /showing today meanwhile/);
    await now.close();
    expect(problems).toEqual([]);
  });
});
