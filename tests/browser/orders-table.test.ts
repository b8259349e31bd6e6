import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShopwireClient } from '../../src/client/sdk/createShopwireClient.js';
import { orderNumber } from '../../src/shared/orderNumber.js';
import { signedInClient } from './support/apiClient.js';
import { newContext, screenshot } from './support/browser.js';
import { SELLER, BUYER, expectAttribute, expectText, signIn } from './support/flows.js';
import { withServerAndBrowser } from './support/fixture.js';

/** The seller's orders list: filters, export, and the edges of part 6 (cancel asks, phones, one tab stop per row). */
describe('the seller orders table', () => {
  const env = withServerAndBrowser();
  let buyer: ShopwireClient;
  let seller: ShopwireClient;
  let shopId = '';
  let place: (sku: string, quantity?: number) => Promise<{ id: string }>;

  beforeAll(async () => {
    buyer = await signedInClient(env.server.current.url, BUYER);
    seller = await signedInClient(env.server.current.url, SELLER);
    const [shop] = await buyer.api.shop.list.query();
    shopId = shop?.id ?? '';
    const products = await buyer.api.product.list.query({ shopId });
    place = (sku, quantity = 1) => buyer.api.order.place.mutate({ shopId, items: [{ productId: products.find((p) => p.sku === sku)?.id ?? '', quantity }] });
    // Five orders: two stay pending, one confirmed, one cancelled, one paid.
    const [, b, c, d] = [await place('HB-250'), await place('TM-01'), await place('HB-250', 2), await place('TM-01', 3), await place('HB-250', 3)];
    await seller.api.order.updateStatus.mutate({ orderId: b?.id ?? '', status: 'confirmed' });
    await seller.api.order.updateStatus.mutate({ orderId: c?.id ?? '', status: 'cancelled' });
    await buyer.api.order.pay.mutate({ orderId: d?.id ?? '', paymentMethod: 'pm_card_visa', idempotencyKey: 'browser-pay-1' });
  });
  afterAll(async () => {
    await buyer?.close();
    await seller?.close();
  });

  async function openDashboard(viewport?: { width: number; height: number }) {
    const { context, problems } = await newContext(env.browser, env.server.current.url, viewport);
    const page = await context.newPage();
    await signIn(page, SELLER, /\/dashboard\/[^/]+$/);
    await expectAttribute(page.getByTestId('connection'), 'data-state', 'live');
    await page.getByTestId('order-row').first().waitFor();
    return { page, problems, close: () => context.close() };
  }

  const numbersOn = async (page: Page) => page.getByTestId('order-number').allInnerTexts();

  it('filters by status and payment on the server, keeps live orders to the filters, and exports the same orders', async () => {
    const { page, problems, close } = await openDashboard();
    const all = await seller.api.order.list.query({ shopId, limit: 100 });
    expect(await page.getByTestId('order-row').count()).toBe(all.items.length);

    const filters = page.getByTestId('order-filters');
    await filters.getByRole('combobox', { name: 'Status' }).selectOption('pending');
    const pending = all.items.filter((o) => o.status === 'pending').map((o) => orderNumber(o.id));
    await expect.poll(() => numbersOn(page)).toEqual(pending);

    // A new order matches "pending": it joins live. A cancelled one leaves.
    const fresh = await place('TM-01');
    await expect.poll(() => numbersOn(page), { timeout: 2_000 }).toEqual([orderNumber(fresh.id), ...pending]);
    await seller.api.order.updateStatus.mutate({ orderId: fresh.id, status: 'cancelled' });
    await expect.poll(() => numbersOn(page), { timeout: 2_000 }).toEqual(pending);

    // Payment filter on top: pending and paid is the one paid order.
    await filters.getByRole('combobox', { name: 'Payment' }).selectOption('paid');
    const paidPending = (await seller.api.order.list.query({ shopId, status: 'pending', paymentStatus: 'paid' })).items.map((o) => orderNumber(o.id));
    expect(paidPending).toHaveLength(1);
    await expect.poll(() => numbersOn(page)).toEqual(paidPending);

    // The export button downloads what is on screen, through the same filters.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-orders').click()]);
    expect(download.suggestedFilename()).toMatch(/^orders-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path()) ?? '', 'utf8').trim().split('\r\n');
    expect(csv[0]).toBe('Order,Placed at,Status,Payment,Customer,Email,Shipping address,Items,Total,Cost,Profit');
    expect(csv.slice(1).map((line) => line.split(',')[0])).toEqual(paidPending);

    expect(problems).toEqual([]);
    await close();
  });

  it('searches by number or customer, in any case, and by days; a range backwards is said, not applied', async () => {
    const { page, problems, close } = await openDashboard();
    const all = await seller.api.order.list.query({ shopId, limit: 100 });
    const filters = page.getByTestId('order-filters');
    const target = all.items[2];
    const prefix = orderNumber(target?.id ?? '').slice(0, 6);
    await filters.getByRole('textbox', { name: 'Search' }).fill(prefix.toLowerCase());
    // Every order on screen starts so (the search has been applied), and the one looked for is among them.
    await expect.poll(async () => (await numbersOn(page)).every((number) => number.startsWith(prefix))).toBe(true);
    expect(await numbersOn(page)).toContain(orderNumber(target?.id ?? ''));
    await filters.getByRole('textbox', { name: 'Search' }).fill('BEA BUY');
    await expect.poll(async () => (await numbersOn(page)).length).toBe(all.items.length);
    await filters.getByRole('textbox', { name: 'Search' }).fill('nobody-like-this');
    await expectText(page.getByTestId('orders-empty'), 'No orders match these filters.');

    // Days: today holds every order; a range backwards is said to be one, and not applied.
    await page.getByRole('button', { name: 'Clear search' }).click();
    const today = new Date().toLocaleDateString('en-CA');
    await filters.getByLabel('From day').fill(today);
    await filters.getByLabel('To day').fill(today);
    await expect.poll(async () => (await numbersOn(page)).length).toBe(all.items.length);
    await filters.getByLabel('From day').fill('2099-01-02');
    await filters.getByLabel('To day').fill('2099-01-01');
    await expectText(page.getByTestId('order-range-problem'), /The last day comes before the first/);
    await screenshot(page, 'orders-filters');
    expect(problems).toEqual([]);
    await close();
    // Several debounced searches on two shared cores: more than the default minute is no failure of the page.
  }, 120_000);

  it('asks before cancelling, with "Keep order" as the answer Enter gives', async () => {
    const { page, problems, close } = await openDashboard();
    const order = await place('HB-250');
    const row = page.getByTestId('order-row').filter({ hasText: orderNumber(order.id) });
    await expectAttribute(row.locator('[data-status]'), 'data-status', 'pending');
    // Keyboard: the row's link, right arrow past Confirm to Cancel, Enter opens the question.
    await row.getByTestId('order-number').focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Confirm order ${orderNumber(order.id)}`);
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Cancel order ${orderNumber(order.id)}`);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await expectText(dialog, /This cannot be undone/);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Keep order');
    await screenshot(page, 'orders-confirm-cancel');
    // A second Enter (the double press that used to cancel) keeps the order.
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.count()).toBe(0);
    expect((await seller.api.order.get.query({ orderId: order.id })).status).toBe('pending');
    await expectAttribute(row.locator('[data-status]'), 'data-status', 'pending');

    await row.getByRole('button', { name: /^Cancel order/ }).click();
    await dialog.getByRole('button', { name: `Cancel order ${orderNumber(order.id)}` }).click();
    await expectAttribute(row.locator('[data-status]'), 'data-status', 'cancelled', 2_000);
    expect((await seller.api.order.get.query({ orderId: order.id })).status).toBe('cancelled');
    expect(problems).toEqual([]);
    await close();
  });

  it('each row is one tab stop; its actions are reached with the arrow keys', async () => {
    const { page, problems, close } = await openDashboard();
    const rows = page.getByTestId('order-row');
    const count = await rows.count();
    expect(count).toBeGreaterThan(3);
    await rows.first().getByTestId('order-number').focus();
    const focusedRow = () => page.evaluate(() => document.activeElement?.closest('[data-order-id]')?.getAttribute('data-order-id') ?? null);
    const ids = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-order-id')));
    for (let i = 1; i < count; i += 1) {
      await page.keyboard.press('Tab');
      // One Tab, one row: the focus lands on the next row's link, never on a button in between.
      expect(await focusedRow()).toBe(ids[i]);
      expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-row-link'))).toBe(true);
    }
    await page.keyboard.press('Tab');
    expect(await focusedRow()).toBeNull();
    // Up and down walk the rows' links too.
    await rows.nth(1).getByTestId('order-number').focus();
    await page.keyboard.press('ArrowDown');
    expect(await focusedRow()).toBe(ids[2]);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await focusedRow()).toBe(ids[0]);
    expect(problems).toEqual([]);
    await close();
  });

  it('at 390 px wide every order shows its total, status and Confirm on screen', async () => {
    const { page, problems, close } = await openDashboard({ width: 390, height: 844 });
    const pendingRow = page.getByTestId('order-row').filter({ has: page.locator('[data-status="pending"]') }).first();
    await pendingRow.scrollIntoViewIfNeeded();
    const boxes = {
      total: await pendingRow.getByTestId('order-total').boundingBox(),
      status: await pendingRow.locator('[data-status]').boundingBox(),
      confirm: await pendingRow.getByRole('button', { name: /^Confirm order/ }).boundingBox(),
      number: await pendingRow.getByTestId('order-number').boundingBox(),
    };
    for (const [name, box] of Object.entries(boxes)) {
      expect(box, name).not.toBeNull();
      expect(box?.x ?? -1, name).toBeGreaterThanOrEqual(0);
      expect((box?.x ?? 0) + (box?.width ?? 0), name).toBeLessThanOrEqual(390);
      expect(box?.width ?? 0, name).toBeGreaterThan(0);
    }
    // And Confirm works there.
    const number = await pendingRow.getByTestId('order-number').innerText();
    await pendingRow.getByRole('button', { name: /^Confirm order/ }).click();
    await expectAttribute(page.getByTestId('order-row').filter({ hasText: number }).locator('[data-status]'), 'data-status', 'confirmed', 2_000);
    await screenshot(page, 'orders-phone');
    expect(problems).toEqual([]);
    await close();
  });
});
