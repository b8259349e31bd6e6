import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, screenshot } from './support/browser.js';
import { BUYER, SELLER, dollars, expectAttribute, expectText, openDemoShop, productCard, signIn } from './support/flows.js';
import { startTestServer, type TestServer } from './support/server.js';

describe('a buyer orders while the seller watches', () => {
  let server: TestServer;
  let browser: Browser;
  let seller: { context: BrowserContext; problems: string[]; page: Page };
  let buyer: { context: BrowserContext; problems: string[]; page: Page };

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    const sellerContext = await newContext(browser, server.current.url);
    const buyerContext = await newContext(browser, server.current.url, { width: 414, height: 860 });
    seller = { ...sellerContext, page: await sellerContext.context.newPage() };
    buyer = { ...buyerContext, page: await buyerContext.context.newPage() };
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  const stockOf = (name: string) => seller.page.getByTestId('inventory-table').locator('tr', { hasText: name }).getByTestId('stock');
  /** The buyer orders one of a product from the storefront and waits for the confirmation. */
  const buyOne = async (name: string) => {
    await buyer.page.goto('/shops');
    await openDemoShop(buyer.page);
    await productCard(buyer.page, name).getByRole('button', { name: new RegExp(`^Add .*: ${name}`) }).click();
    await buyer.page.getByRole('button', { name: 'Place order' }).click();
    await buyer.page.getByTestId('order-placed').waitFor();
  };

  it('shows the order on the dashboard within a second, figures included, without a reload', async () => {
    await signIn(seller.page, SELLER, /\/dashboard\/[^/]+$/);
    await expectAttribute(seller.page.getByTestId('connection'), 'data-state', 'live');
    await expectText(seller.page.getByTestId('figure-orders'), '0');
    await seller.page.getByTestId('inventory-table').waitFor();
    const dashboardUrl = seller.page.url();

    await signIn(buyer.page, BUYER, /\/shops$/);
    await openDemoShop(buyer.page);
    const blend = productCard(buyer.page, 'House Blend');
    await blend.getByRole('button', { name: /^Add .*: House Blend/ }).click();
    await blend.getByRole('button', { name: /^Add .*: House Blend/ }).click();
    await expectText(buyer.page.getByTestId('cart-total'), dollars(2400));
    await screenshot(buyer.page, 'a-buyer-cart-phone');
    // A double click on "Place order": the idempotency key makes it one order.
    await buyer.page.getByRole('button', { name: 'Place order' }).dblclick();
    await buyer.page.getByTestId('order-placed').waitFor({ timeout: 5_000 });

    const rows = seller.page.getByTestId('order-row');
    await expectText(rows.first(), /2× House Blend, 250 g/, 1_000);
    await expectText(seller.page.getByTestId('figure-orders'), '1', 1_000);
    await expectText(seller.page.getByTestId('figure-revenue'), dollars(2400), 1_000);
    await expectText(seller.page.getByTestId('figure-profit'), dollars(2 * (1200 - 520)), 1_000);
    await expectText(seller.page.getByTestId('figure-aov'), dollars(2400), 1_000);
    await expectText(seller.page.getByTestId('chart-revenue'), dollars(2400), 1_000);
    expect(await rows.count()).toBe(1);
    expect(seller.page.url()).toBe(dashboardUrl);
    await expectText(seller.page.locator('.mantine-Notification-root').filter({ hasText: 'New order' }), /New order/, 1_000);
    await screenshot(seller.page, 'a-seller-sees-order');
    expect([...seller.problems, ...buyer.problems]).toEqual([]);
  });

  it('shows the buyer each status the seller moves the order to, live', async () => {
    await buyer.page.getByRole('link', { name: 'Follow it in My orders' }).click();
    const order = buyer.page.getByTestId('my-order');
    await expectAttribute(order, 'data-status', 'pending');
    // The steps with their times are the order's own stream, opened on demand; the status above them is live without it.
    await order.getByRole('button', { name: /^Show progress/ }).click();
    await expectAttribute(order.locator('[data-step="pending"]'), 'data-reached', 'true');
    expect(await order.count()).toBe(1);

    const row = seller.page.getByTestId('order-row').first();
    // Buyer and seller see the same short number for it, taken from the id's random end.
    const number = await row.getByTestId('order-number').innerText();
    expect(number).toMatch(/^#[0-9A-F]{8}$/);
    await expectText(order.getByTestId('order-number'), `Order ${number}`);
    await row.getByRole('button', { name: /^Confirm order/ }).click();
    await expectAttribute(row.locator('[data-status]'), 'data-status', 'confirmed', 2_000);
    await row.getByRole('button', { name: /^Ship order/ }).click();
    await expectAttribute(row.locator('[data-status]'), 'data-status', 'shipped', 2_000);

    await expectAttribute(order, 'data-status', 'shipped', 2_000);
    await expectAttribute(order.locator('[data-step="confirmed"]'), 'data-reached', 'true');
    await expectAttribute(order.locator('[data-step="shipped"]'), 'data-reached', 'true');
    await expectAttribute(order.locator('[data-step="delivered"]'), 'data-reached', 'false');
    await screenshot(buyer.page, 'b-buyer-sees-shipped');
    await screenshot(seller.page, 'b-seller-after-shipping');
    expect([...seller.problems, ...buyer.problems]).toEqual([]);
  });

  it('takes a cancelled order back out of the figures and puts its stock back', async () => {
    await expectText(stockOf('Travel Mug'), '30');
    await buyOne('Travel Mug');

    await expectText(seller.page.getByTestId('figure-orders'), '2', 1_000);
    await expectText(seller.page.getByTestId('figure-revenue'), dollars(2400 + 2200), 1_000);
    await expectText(stockOf('Travel Mug'), '29', 1_000);

    const row = seller.page.getByTestId('order-row').filter({ hasText: 'Travel Mug' });
    await row.getByRole('button', { name: /^Cancel order/ }).click();
    // Cancelling cannot be undone, so the table asks first.
    await seller.page.getByRole('dialog').getByRole('button', { name: /^Cancel order #/ }).click();
    await expectAttribute(row.locator('[data-status]'), 'data-status', 'cancelled', 2_000);
    await expectText(seller.page.getByTestId('figure-orders'), '1', 1_000);
    await expectText(seller.page.getByTestId('figure-revenue'), dollars(2400), 1_000);
    await expectText(seller.page.getByTestId('chart-revenue'), dollars(2400), 1_000);
    await expectText(stockOf('Travel Mug'), '30', 1_000);
    expect(await row.getByRole('button').count()).toBe(0);
    await screenshot(seller.page, 'a-seller-after-cancel');
    expect([...seller.problems, ...buyer.problems]).toEqual([]);
  });
  it('lets the buyer cancel an order the shop has not confirmed yet, and the seller sees it at once', async () => {
    await expectText(stockOf('Gift Card'), '100');
    await buyOne('Gift Card');
    await buyer.page.getByRole('link', { name: 'Follow it in My orders' }).click();
    await expectText(stockOf('Gift Card'), '99', 1_000);

    const card = buyer.page.getByTestId('my-order').filter({ hasText: 'Gift Card' });
    await expectAttribute(card, 'data-status', 'pending');
    // Only a pending order offers it: the shipped one from before does not.
    expect(await buyer.page.getByTestId('my-order').filter({ hasText: 'House Blend' }).getByRole('button', { name: /^Cancel order/ }).count()).toBe(0);
    await card.getByRole('button', { name: /^Cancel order/ }).click();
    await expectAttribute(card, 'data-status', 'cancelled', 2_000);
    expect(await card.getByRole('button', { name: /^Cancel order/ }).count()).toBe(0);

    const row = seller.page.getByTestId('order-row').filter({ hasText: 'Gift Card' });
    await expectAttribute(row.locator('[data-status]'), 'data-status', 'cancelled', 1_000);
    await expectText(stockOf('Gift Card'), '100', 1_000);
    await screenshot(buyer.page, 'c-buyer-cancelled');
    expect([...seller.problems, ...buyer.problems]).toEqual([]);
  });
  it('shows a price the seller edits on the open storefront within a second, and the cart charges it', async () => {
    await buyer.page.goto('/shops');
    await openDemoShop(buyer.page);
    const blend = productCard(buyer.page, 'House Blend');
    await expectText(blend, /\$12\.00/);

    await seller.page.getByRole('button', { name: 'Edit House Blend, 250 g' }).click();
    const dialog = seller.page.getByRole('dialog');
    await dialog.getByLabel(/^Price/).fill('13.50');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expectText(seller.page.getByTestId('inventory-table').locator('tr', { hasText: 'House Blend' }), /\$13\.50/, 1_000);

    await expectText(blend, /\$13\.50/, 1_000);
    await blend.getByRole('button', { name: /^Add .*: House Blend/ }).click();
    await expectText(buyer.page.getByTestId('cart-total'), dollars(1350));
    await buyer.page.getByRole('button', { name: 'Place order' }).click();
    await buyer.page.getByTestId('order-placed').waitFor();
    await expectText(seller.page.getByTestId('order-row').first(), /1× House Blend, 250 g[\s\S]*\$13\.50/, 1_000);
    expect([...seller.problems, ...buyer.problems]).toEqual([]);
  });

  it('finds products by name or SKU on the storefront and in the inventory', async () => {
    await buyer.page.getByRole('searchbox', { name: 'Search products' }).fill('BLEND');
    await expect.poll(() => buyer.page.getByTestId('product-card').count()).toBe(1);
    await expectText(buyer.page.getByTestId('product-card'), /House Blend/);
    await buyer.page.getByRole('searchbox', { name: 'Search products' }).fill('kombucha');
    await expect.poll(() => buyer.page.getByTestId('product-card').count()).toBe(0);
    await expectText(buyer.page.getByText(/No products match/), 'No products match “kombucha”.');

    const rows = seller.page.getByTestId('inventory-table').locator('tbody tr');
    await seller.page.getByRole('searchbox', { name: 'Search inventory' }).fill('dc-col');
    await expect.poll(() => rows.count()).toBe(1);
    await expectText(rows.first(), /Decaf Colombia/);
    await seller.page.getByRole('searchbox', { name: 'Search inventory' }).fill('');
    await expect.poll(() => rows.count()).toBe(12);
    expect([...seller.problems, ...buyer.problems]).toEqual([]);
  });
});
