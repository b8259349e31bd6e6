import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Product } from '../../src/shared/domain.js';
import type { ShopwireClient } from '../../src/client/sdk/createShopwireClient.js';
import { signedInClient } from './support/apiClient.js';
import { newContext, screenshot } from './support/browser.js';
import { streamEnder } from './support/endStream.js';
import { BUYER, SELLER, expectAttribute, expectText, signIn } from './support/flows.js';
import { withServerAndBrowser } from './support/fixture.js';

/** An order placed from elsewhere (another tab, the typed client), for the browser to watch. */
async function placeOrder(buyer: ShopwireClient, sku: string): Promise<string> {
  const [shop] = await buyer.api.shop.list.query();
  const products = await buyer.api.product.list.query({ shopId: shop?.id ?? '' });
  const product = products.find((p: Product) => p.sku === sku) as Product;
  return (await buyer.api.order.place.mutate({ shopId: product.shopId, items: [{ productId: product.id, quantity: 1 }] })).id;
}

/** Set once; a reload would lose it. */
const markPage = (page: Page) => page.evaluate(() => Object.assign(window, { shopwireTestMark: true }));
const stillSamePage = (page: Page) => page.evaluate(() => 'shopwireTestMark' in window);

describe("the buyer's My orders page", () => {
  const env = withServerAndBrowser();

  it('shows a status the seller moves an order to, live, without the order opened and without a reload', async () => {
    const { context, problems } = await newContext(env.browser, env.server.current.url);
    const ender = await streamEnder(context);
    const buyer = await signedInClient(env.server.current.url, BUYER);
    const seller = await signedInClient(env.server.current.url, SELLER);
    const orderId = await placeOrder(buyer, 'HB-250');

    const page = await context.newPage();
    await signIn(page, BUYER, /\/shops$/);
    await page.goto('/orders');
    const card = page.locator(`[data-testid="my-order"][data-order-id="${orderId}"]`);
    await expectAttribute(card, 'data-status', 'pending');
    await expectAttribute(page.getByTestId('connection'), 'data-state', 'live');
    await expect.poll(() => ender.sent.some((call) => call.path === 'order.onMyOrders')).toBe(true);
    await markPage(page);

    await seller.api.order.updateStatus.mutate({ orderId, status: 'confirmed' });
    await expectAttribute(card, 'data-status', 'confirmed', 2_000);
    await expectText(card.locator('[data-status]').first(), /confirmed/i);
    // One stream for the whole page: no order's own stream was opened to get there.
    expect(ender.sent.filter((call) => call.path === 'order.onOrderStatus')).toEqual([]);
    expect(await card.getByTestId('timeline').count()).toBe(0);

    // An order placed in another tab joins the list, and follows the seller's moves too.
    const secondId = await placeOrder(buyer, 'TM-01');
    const second = page.locator(`[data-testid="my-order"][data-order-id="${secondId}"]`);
    await expectAttribute(second, 'data-status', 'pending', 2_000);
    await seller.api.order.updateStatus.mutate({ orderId: secondId, status: 'cancelled' });
    await expectAttribute(second, 'data-status', 'cancelled', 2_000);
    expect(await stillSamePage(page)).toBe(true);
    await screenshot(page, 'f-my-orders-live');

    await Promise.all([buyer.close(), seller.close()]);
    await context.close();
    expect(problems).toEqual([]);
  });

  it('reloads its list and follows from the fresh cursor when the server cannot serve the old one', async () => {
    const { context, problems } = await newContext(env.browser, env.server.current.url);
    const ender = await streamEnder(context);
    const buyer = await signedInClient(env.server.current.url, BUYER);
    const seller = await signedInClient(env.server.current.url, SELLER);
    const orderId = await placeOrder(buyer, 'DC-COL');

    const page = await context.newPage();
    await signIn(page, BUYER, /\/shops$/);
    await page.goto('/orders');
    const card = page.locator(`[data-testid="my-order"][data-order-id="${orderId}"]`);
    await expectAttribute(card, 'data-status', 'pending');
    await expect.poll(() => ender.sent.some((call) => call.path === 'order.onMyOrders')).toBe(true);
    await markPage(page);

    const listsBefore = ender.sent.filter((call) => call.path === 'order.listMine').length;
    // The move lands on a stream that has gone quiet, and that the server then ends: only the reloaded list can show it.
    ender.silence('order.onMyOrders');
    await seller.api.order.updateStatus.mutate({ orderId, status: 'confirmed' });
    const ended = ender.end('order.onMyOrders', 'PRECONDITION_FAILED', 'That event is no longer kept', { reason: 'cursor_expired' });
    await expectAttribute(card, 'data-status', 'confirmed', 5_000);
    expect(ender.sent.filter((call) => call.path === 'order.listMine').length).toBeGreaterThan(listsBefore);
    const resubscribed = ender.sent.filter((call) => call.path === 'order.onMyOrders' && call.id > ended.id);
    expect(resubscribed.length).toBe(1);
    expect(Number(resubscribed[0]?.lastEventId)).toBeGreaterThan(Number(ended.lastEventId));

    // And it is live again from there.
    await seller.api.order.updateStatus.mutate({ orderId, status: 'shipped' });
    await expectAttribute(card, 'data-status', 'shipped', 2_000);
    expect(await stillSamePage(page)).toBe(true);

    await Promise.all([buyer.close(), seller.close()]);
    await context.close();
    expect(problems).toEqual([]);
  });

  it('stops following, and says so, when the server refuses the stream', async () => {
    const { context, problems } = await newContext(env.browser, env.server.current.url);
    const ender = await streamEnder(context);
    const buyer = await signedInClient(env.server.current.url, BUYER);
    await placeOrder(buyer, 'PF-100');
    await buyer.close();
    const page = await context.newPage();
    // Time flows as usual, and the test can jump it past any backoff a retry would wait for.
    await page.clock.install();
    await signIn(page, BUYER, /\/shops$/);
    await page.goto('/orders');
    await page.getByTestId('my-order').first().waitFor();
    await expect.poll(() => ender.sent.some((call) => call.path === 'order.onMyOrders')).toBe(true);

    ender.end('order.onMyOrders', 'FORBIDDEN', 'Not yours');
    const notice = page.getByTestId('stream-notice');
    await notice.waitFor();
    expect(await notice.innerText()).toMatch(/Live updates stopped: Not allowed/);
    // Stopped means stopped: no retry comes, however long one would have waited.
    await page.clock.runFor(60_000);
    // Frames of one socket arrive in order: once a later call is through, a retry sent before it would be too.
    await page.getByTestId('my-order').first().getByRole('button', { name: /^Show progress/ }).click();
    await expect.poll(() => ender.sent.some((call) => call.path === 'order.onOrderStatus')).toBe(true);
    expect(ender.sent.filter((call) => call.path === 'order.onMyOrders')).toHaveLength(1);
    await context.close();
    expect(problems).toEqual([]);
  });
});
