import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from './support/browser.js';
import { SELLER, expectAttribute, expectText, openDemoShop, signIn } from './support/flows.js';
import { startTestServer, type TestServer } from './support/server.js';

const ADMIN = { email: 'admin@shopwire.test', password: 'demo-admin-pass' };

describe('presence and announcements in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let seller: { context: BrowserContext; problems: string[]; page: Page };

  beforeAll(async () => {
    // A short grace, so a closed visitor leaves the count without a 10 s wait.
    server = await startTestServer({ PRESENCE_GRACE_MS: '300' });
    browser = await launchBrowser();
    const context = await newContext(browser, server.current.url);
    seller = { ...context, page: await context.context.newPage() };
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it("the seller's live view counts a second browser while it has the shop open, and stops counting it when it closes", async () => {
    await signIn(seller.page, SELLER, /\/dashboard/);
    await seller.page.getByRole('link', { name: 'Live view' }).click();
    await seller.page.waitForURL(/\/dashboard\/[^/]+\/live$/);
    const visitors = seller.page.getByTestId('live-visitors');
    await expectAttribute(visitors, 'data-ready', 'true');
    await expectText(visitors, /^0$/);

    const visitor = await newContext(browser, server.current.url);
    const page = await visitor.context.newPage();
    await page.goto('/shops');
    await openDemoShop(page);
    await expectText(visitors, /^1$/);
    await expectText(page.getByTestId('shop-visitors'), /1 person is browsing this shop/);
    await expectText(page.getByTestId('seller-online'), /Seller online/i);

    // Opening a product makes the visitor one of its viewers; the seller sees what is being looked at.
    await page.getByRole('button', { name: 'House Blend, 250 g', exact: true }).click();
    await expectText(page.getByTestId('product-viewers'), /1 person is viewing this/);
    await expectText(seller.page.getByTestId('live-activity'), /Someone is looking at: House Blend, 250 g/);
    await expectText(seller.page.getByRole('table'), /House Blend, 250 g\s*1/);
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: /^Add to cart: Travel Mug/ }).click();
    await expectText(seller.page.getByTestId('live-activity'), /Someone added to their cart: Travel Mug/);

    await visitor.context.close();
    await expectText(visitors, /^0$/);
    expect(visitor.problems).toEqual([]);
    expect(seller.problems).toEqual([]);
  });

  it('an announcement made on the admin page appears live on an open storefront, and stays dismissed', async () => {
    const shopper = await newContext(browser, server.current.url);
    const page = await shopper.context.newPage();
    await page.goto('/shops');
    await openDemoShop(page);
    expect(await page.getByTestId('announcement').count()).toBe(0);

    const operator = await newContext(browser, server.current.url);
    const admin = await operator.context.newPage();
    await signIn(admin, ADMIN, /\/admin$/);
    await admin.getByLabel('Title').fill('Deliveries paused');
    await admin.getByLabel('Message').fill('Our courier is on strike today; orders ship tomorrow.');
    await admin.getByLabel('Severity').selectOption('warning');
    await admin.getByRole('button', { name: 'Announce to everyone' }).click();
    await expectText(admin.getByRole('status').filter({ hasText: 'Announced' }), /Announced: Deliveries paused/);

    const banner = page.getByTestId('announcement');
    await expectText(banner, /Warning: Deliveries paused[\s\S]*courier is on strike/);
    await page.getByRole('button', { name: 'Dismiss: Deliveries paused' }).click();
    await expect.poll(() => banner.count()).toBe(0);
    await page.reload();
    await page.getByTestId('product-card').first().waitFor();
    expect(await banner.count()).toBe(0);

    // Someone arriving later still sees it on page load.
    const late = await newContext(browser, server.current.url);
    const latePage = await late.context.newPage();
    await latePage.goto('/shops');
    await expectText(latePage.getByTestId('announcement'), /Deliveries paused/);
    for (const ctx of [shopper, operator, late]) {
      expect(ctx.problems).toEqual([]);
      await ctx.context.close();
    }
  });
});
