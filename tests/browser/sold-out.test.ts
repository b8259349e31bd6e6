import { describe, expect, it } from 'vitest';
import { signedInClient } from './support/apiClient.js';
import { newContext, screenshot } from './support/browser.js';
import { BUYER, SELLER, expectAttribute, expectText, openDemoShop, productCard, signIn } from './support/flows.js';
import { holdStream } from './support/holdStream.js';
import { withServerAndBrowser } from './support/fixture.js';

describe('a product that sells out', () => {
  const env = withServerAndBrowser();

  it('cannot be ordered: a stale cart gets a clear CONFLICT message, then the product shows sold out', async () => {
    const seller = await newContext(env.browser, env.server.current.url);
    const sellerPage = await seller.context.newPage();
    await signIn(sellerPage, SELLER, /\/dashboard\/[^/]+$/);
    const shopId = new URL(sellerPage.url()).pathname.split('/').pop() ?? '';
    await expectAttribute(sellerPage.getByTestId('connection'), 'data-state', 'live');
    // What is already low shows the moment the dashboard opens, fewest left first, before any alert event.
    const attention = sellerPage.getByTestId('needs-restocking');
    await expectText(attention, /^Low stock\s*Barista Apron \(2 left\)\s*Restock\s*Low stock\s*Decaf Colombia, 250 g \(3 left\)\s*Restock$/i);

    const buyer = await newContext(env.browser, env.server.current.url);
    const page = await buyer.context.newPage();
    const stockStream = await holdStream(page, 'product.onStockChange');
    await signIn(page, BUYER, /\/shops$/);
    await openDemoShop(page);
    await expectAttribute(page.getByTestId('stock-stream'), 'data-state', 'live');
    const decaf = productCard(page, 'Decaf Colombia');
    await decaf.getByRole('button', { name: /^Add .*: Decaf Colombia/ }).click();

    // Hold this tab's stock stream so its cart is stale for sure when someone else buys the rest.
    stockStream.hold();
    const other = await signedInClient(env.server.current.url, BUYER);
    const products = await other.api.product.list.query({ shopId });
    const decafId = products.find((p) => p.sku === 'DC-COL')?.id ?? '';
    await other.api.order.place.mutate({ shopId, items: [{ productId: decafId, quantity: 3 }] });
    await other.close();

    await page.getByRole('button', { name: 'Place order' }).click();
    const conflict = page.locator('[data-error-code="CONFLICT"]');
    await expectText(conflict, /Stock ran out meanwhile/);
    expect(await page.getByTestId('order-placed').count()).toBe(0);

    // The refused order reloads the snapshot, which has the missed sale in it.
    await expectAttribute(decaf, 'data-sold-out', 'true', 5_000);
    stockStream.release();
    expect(await decaf.getByRole('button', { name: /^Sold out: / }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Place order' }).isDisabled()).toBe(true);
    await screenshot(page, 'd-buyer-sold-out');

    // The seller saw one order (not the refused one), the sold-out alert, and the row marked.
    await expectText(sellerPage.getByTestId('figure-orders'), '1');
    await expectText(sellerPage.getByTestId('alerts'), /Sold out\s*Decaf Colombia/i);
    await expectAttribute(sellerPage.locator(`[data-product-id="${decafId}"]`), 'data-level', 'out');
    await expectText(attention, /^Sold out\s*Decaf Colombia, 250 g\s*Restock\s*Low stock\s*Barista Apron \(2 left\)\s*Restock$/i);
    await screenshot(sellerPage, 'd-seller-alerts');

    // The inventory's own Adjust opens the same dialog for its row.
    await sellerPage.getByRole('button', { name: 'Adjust stock of Barista Apron' }).click();
    const dialog = sellerPage.getByRole('dialog');
    await expectText(dialog, /Adjust stock: Barista Apron/);
    await sellerPage.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // A delivery comes in: the seller restocks from the alert with a reason, and the buyer can order again without reloading.
    await attention.getByRole('button', { name: 'Restock Decaf Colombia, 250 g' }).click();
    await expectText(dialog, /Adjust stock: Decaf Colombia, 250 g/);
    await dialog.getByLabel(/^Change/).fill('5');
    await dialog.getByLabel(/^Reason/).fill('Delivery from the roaster');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = sellerPage.locator(`[data-product-id="${decafId}"]`);
    await expectText(row.getByTestId('stock'), '5', 1_000);
    await expectAttribute(row, 'data-level', 'low');
    await expectText(attention, /^Low stock\s*Barista Apron \(2 left\)\s*Restock\s*Low stock\s*Decaf Colombia, 250 g \(5 left\)\s*Restock$/i);
    // Live, not polled: the old 3 s poll could not explain a change within a second.
    await expectAttribute(decaf, 'data-sold-out', 'false', 1_000);
    expect(await page.getByRole('button', { name: 'Place order' }).isDisabled()).toBe(false);

    // Stock changed from elsewhere (the API) shows on the buyer's page within a second, without a reload.
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    const sellerApi = await signedInClient(env.server.current.url, SELLER);
    await sellerApi.api.inventory.adjust.mutate({ productId: decafId, delta: -2, reason: 'Tasting samples' });
    await expectText(decaf, /Only 3 left/i, 1_000);
    // A product the seller adds after the page loaded appears too.
    await sellerApi.api.product.create.mutate({ shopId, name: 'Holiday Blend', sku: 'HB-LIVE', priceCents: 1500, costCents: 600, stock: 12 });
    await expectText(productCard(page, 'Holiday Blend'), /12 in stock/i, 2_000);
    await sellerApi.close();
    expect(await page.evaluate(() => 'sameDocument' in window)).toBe(true);
    expect([...seller.problems, ...buyer.problems]).toEqual([]);
  });
});
