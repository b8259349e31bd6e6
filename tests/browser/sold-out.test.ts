import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInClient } from './support/apiClient.js';
import { launchBrowser, newContext, screenshot } from './support/browser.js';
import { BUYER, SELLER, expectAttribute, expectText, openDemoShop, productCard, signIn } from './support/flows.js';
import { startTestServer, type TestServer } from './support/server.js';

describe('a product that sells out', () => {
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

  it('cannot be ordered: a stale cart gets a clear CONFLICT message, then the product shows sold out', async () => {
    const seller = await newContext(browser, server.current.url);
    const sellerPage = await seller.context.newPage();
    await signIn(sellerPage, SELLER, /\/dashboard\/[^/]+$/);
    const shopId = new URL(sellerPage.url()).pathname.split('/').pop() ?? '';
    await expectAttribute(sellerPage.getByTestId('connection'), 'data-state', 'live');

    const buyer = await newContext(browser, server.current.url);
    const page = await buyer.context.newPage();
    await signIn(page, BUYER, /\/shops$/);
    await openDemoShop(page);
    const decaf = productCard(page, 'Decaf Colombia');
    await decaf.getByRole('button', { name: /Add Decaf Colombia/ }).click();

    // Freeze this tab's stock polling so its cart is stale for sure when someone else buys the rest.
    await page.route(/product\.list/, (route) => route.abort());
    const other = await signedInClient(server.current.url, BUYER);
    const products = await other.api.product.list.query({ shopId });
    const decafId = products.find((p) => p.sku === 'DC-COL')?.id ?? '';
    await other.api.order.place.mutate({ shopId, items: [{ productId: decafId, quantity: 3 }] });
    await other.close();

    await page.getByRole('button', { name: 'Place order' }).click();
    const conflict = page.locator('[data-error-code="CONFLICT"]');
    await expectText(conflict, /Stock ran out meanwhile/);
    expect(await page.getByTestId('order-placed').count()).toBe(0);

    await page.unroute(/product\.list/);
    await expectAttribute(decaf, 'data-sold-out', 'true', 10_000);
    expect(await decaf.getByRole('button', { name: /sold out/ }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Place order' }).isDisabled()).toBe(true);
    await screenshot(page, 'd-buyer-sold-out');

    // The seller saw one order (not the refused one), the sold-out alert, and the row marked.
    await expectText(sellerPage.getByTestId('figure-orders'), '1');
    await expectText(sellerPage.getByTestId('alerts'), /Sold out\s*Decaf Colombia/i);
    await expectAttribute(sellerPage.locator(`[data-product-id="${decafId}"]`), 'data-level', 'out');
    await screenshot(sellerPage, 'd-seller-alerts');

    // A delivery comes in: the seller restocks with a reason, and the buyer can order again without reloading.
    await sellerPage.getByRole('button', { name: 'Adjust stock of Decaf Colombia, 250 g' }).click();
    const dialog = sellerPage.getByRole('dialog');
    await dialog.getByLabel(/^Change/).fill('5');
    await dialog.getByLabel(/^Reason/).fill('Delivery from the roaster');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = sellerPage.locator(`[data-product-id="${decafId}"]`);
    await expectText(row.getByTestId('stock'), '5', 1_000);
    await expectAttribute(row, 'data-level', 'low');
    await expectAttribute(decaf, 'data-sold-out', 'false', 6_000);
    expect(await page.getByRole('button', { name: 'Place order' }).isDisabled()).toBe(false);
    expect([...seller.problems, ...buyer.problems.filter((p) => !p.includes('product.list'))]).toEqual([]);
  });
});
