import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, screenshot } from './support/browser.js';
import { BUYER, SELLER, dollars, expectAttribute, expectText, openDemoShop, productCard, signIn } from './support/flows.js';
import { startTestServer, type TestServer } from './support/server.js';

describe('checkout with a declined card, then a good one, while the seller watches', () => {
  let server: TestServer;
  let browser: Browser;
  let seller: { context: BrowserContext; problems: string[]; page: Page };
  let buyer: { context: BrowserContext; problems: string[]; page: Page };

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    const sellerContext = await newContext(browser, server.current.url);
    const buyerContext = await newContext(browser, server.current.url);
    seller = { ...sellerContext, page: await sellerContext.context.newPage() };
    buyer = { ...buyerContext, page: await buyerContext.context.newPage() };
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  const row = () => seller.page.getByTestId('order-row').first();

  it('declines the first card with its reason, pays with the second, and the dashboard shows the order paid, live', async () => {
    await signIn(seller.page, SELLER, /\/dashboard\/[^/]+$/);
    await expectAttribute(seller.page.getByTestId('connection'), 'data-state', 'live');
    await expectText(seller.page.getByTestId('figure-orders'), '0');
    const dashboardUrl = seller.page.url();

    await signIn(buyer.page, BUYER, /\/shops$/);
    await openDemoShop(buyer.page);
    await productCard(buyer.page, 'House Blend').getByRole('button', { name: /^Add .*: House Blend/ }).click();
    // The demo buyer's saved address is where it ships.
    await expectText(buyer.page.getByTestId('ship-to'), /221 Harbour Street, Flat 3, BS1 4RN Bristol, GB/);
    await buyer.page.getByLabel('Visa •••• 0002').check();
    await buyer.page.getByRole('button', { name: 'Place order' }).click();

    const retry = buyer.page.getByTestId('payment-retry');
    await expectAttribute(retry, 'data-payment', 'failed');
    await expectText(retry.getByTestId('decline-reason'), /^Your card was declined\. Your order #[0-9A-F]{8} of \$12\.00 is placed/);
    await expectText(buyer.page.getByTestId('cart-total'), dollars(0));
    // Placed but not paid: on the dashboard at once, with its failed payment.
    await expectText(row(), /1× House Blend, 250 g/, 1_000);
    await expectAttribute(row().locator('[data-payment]'), 'data-payment', 'failed', 1_000);
    await expectText(seller.page.getByTestId('figure-orders'), '1', 1_000);
    await screenshot(buyer.page, 'checkout-declined');

    await retry.getByLabel('Visa •••• 4242').check();
    await retry.getByRole('button', { name: `Pay ${dollars(1200)}` }).click();
    await expectText(buyer.page.getByTestId('order-placed'), /Order placed and paid/);
    await expectAttribute(row().locator('[data-payment]'), 'data-payment', 'paid', 1_000);
    await expectText(seller.page.locator('.mantine-Notification-root').filter({ hasText: 'Payment received' }), /\$12\.00/, 1_000);
    expect(await seller.page.getByTestId('order-row').count()).toBe(1);
    expect(seller.page.url()).toBe(dashboardUrl);
    await screenshot(buyer.page, 'checkout-paid');
    await screenshot(seller.page, 'checkout-seller-sees-paid');
    expect([...seller.problems, ...buyer.problems]).toEqual([]);
  });

  it("opens the order's page from the table: customer, address, payment and history; shipping with a tracking number and a refund reach the buyer live", async () => {
    await row().getByTestId('order-number').click();
    await seller.page.waitForURL(/\/dashboard\/[^/]+\/orders\/[^/]+$/);
    const detail = seller.page.getByTestId('order-detail');
    await expectAttribute(detail, 'data-payment', 'paid');
    await expectText(detail.getByTestId('detail-customer'), /Bea Buyer · buyer@shopwire\.test/);
    await expectText(detail.getByTestId('detail-address'), /Bea Buyer\s+221 Harbour Street\s+Flat 3\s+BS1 4RN Bristol\s+GB/);
    await expectText(detail.getByTestId('detail-paid'), dollars(1200));
    await expect.poll(() => detail.getByTestId('detail-history').locator('[data-kind]').evaluateAll((items) => items.map((i) => i.getAttribute('data-kind')))).toEqual([
      'pending',
      'payment_failed',
      'payment_received',
    ]);

    await buyer.page.getByRole('link', { name: 'Follow it in My orders' }).click();
    const card = buyer.page.getByTestId('my-order').first();
    await expectAttribute(card, 'data-payment', 'paid');

    await detail.getByRole('button', { name: 'Confirm' }).click();
    await expectAttribute(detail, 'data-status', 'confirmed', 2_000);
    await detail.getByLabel('Tracking number').fill('1Z999AA10123456784');
    await detail.getByRole('button', { name: 'Ship' }).click();
    await expectAttribute(detail, 'data-status', 'shipped', 2_000);
    await expectText(card.getByTestId('tracking-number'), 'Tracking number 1Z999AA10123456784', 2_000);
    await expectAttribute(card, 'data-status', 'shipped');

    await detail.getByRole('button', { name: 'Refund…' }).click();
    const dialog = seller.page.getByRole('dialog');
    await dialog.getByLabel(/^Amount/).fill('5');
    await dialog.getByLabel(/^Reason/).fill('Bag arrived torn');
    await dialog.getByRole('button', { name: 'Refund' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expectAttribute(detail, 'data-payment', 'partially_refunded', 2_000);
    await expectText(detail.getByTestId('detail-refunded'), dollars(500));
    await expectAttribute(card, 'data-payment', 'partially_refunded', 2_000);
    await expectText(card.getByTestId('refunded'), `Refunded ${dollars(500)}`);
    await screenshot(seller.page, 'order-detail-refunded');
    await screenshot(buyer.page, 'my-order-tracking-refund');

    await seller.page.getByRole('link', { name: /Back to the dashboard/ }).click();
    await expectText(seller.page.getByTestId('figure-refunded'), dollars(500));
    await expectText(seller.page.getByTestId('figure-revenue'), dollars(1200));
    expect([...seller.problems, ...buyer.problems]).toEqual([]);
  });

  it('lets the buyer change the saved address on the account page; the next checkout ships there', async () => {
    await buyer.page.getByRole('link', { name: 'Account' }).click();
    await buyer.page.waitForURL(/\/account$/);
    await buyer.page.getByLabel('Address line 1').fill('9 Quay Road');
    await buyer.page.getByLabel('Address line 2').fill('');
    await buyer.page.getByRole('button', { name: 'Save' }).click();
    await buyer.page.getByTestId('account-saved').waitFor();
    await buyer.page.getByRole('link', { name: 'Shops' }).click();
    await openDemoShop(buyer.page);
    await productCard(buyer.page, 'Travel Mug').getByRole('button', { name: /^Add .*: Travel Mug/ }).click();
    await expectText(buyer.page.getByTestId('ship-to'), /9 Quay Road, BS1 4RN Bristol, GB/);
    await buyer.page.getByRole('button', { name: 'Place order' }).click();
    await expectText(buyer.page.getByTestId('order-placed'), /Order placed and paid/);
    await expectAttribute(row().locator('[data-payment]'), 'data-payment', 'paid', 2_000);
    expect([...seller.problems, ...buyer.problems]).toEqual([]);
  });
});
