import { describe, expect, it } from 'vitest';
import { signedInClient } from './support/apiClient.js';
import { newContext, screenshot } from './support/browser.js';
import { BUYER, SELLER, expectAttribute, expectText, openDemoShop, productCard, signIn } from './support/flows.js';
import { withServerAndBrowser } from './support/fixture.js';

describe('archiving products and notify-me', () => {
  const env = withServerAndBrowser();

  it('an archived product leaves the open storefront and comes back on restore; a buyer waiting on a sold-out one hears of its restock', async () => {
    const seller = await newContext(env.browser, env.server.current.url);
    const sellerPage = await seller.context.newPage();
    await signIn(sellerPage, SELLER, /\/dashboard\/[^/]+$/);
    const shopId = new URL(sellerPage.url()).pathname.split('/').pop() ?? '';
    await expectAttribute(sellerPage.getByTestId('connection'), 'data-state', 'live');

    const buyer = await newContext(env.browser, env.server.current.url);
    const page = await buyer.context.newPage();
    await signIn(page, BUYER, /\/shops$/);
    await openDemoShop(page);
    await expectAttribute(page.getByTestId('stock-stream'), 'data-state', 'live');
    await productCard(page, 'Gift Card').waitFor();

    // Archived from the inventory: gone from the open storefront, kept on the Archived shelf.
    const inventory = sellerPage.getByTestId('inventory-table');
    await sellerPage.getByRole('button', { name: 'Archive Gift Card' }).click();
    await expect.poll(() => productCard(page, 'Gift Card').count(), { timeout: 2_000 }).toBe(0);
    await expect.poll(() => inventory.locator('tr', { hasText: 'Gift Card' }).count()).toBe(0);
    await sellerPage.getByTestId('inventory-filter').getByText(/^Archived/).click();
    await expectText(inventory.locator('tr', { hasText: 'Gift Card' }), /Archived/i);
    await screenshot(sellerPage, 'p-archived-shelf');
    await sellerPage.getByRole('button', { name: 'Restore Gift Card' }).click();
    await productCard(page, 'Gift Card').waitFor({ timeout: 2_000 });
    await sellerPage.getByTestId('inventory-filter').getByText('On sale').click();

    // Sold out elsewhere: the buyer asks to be told, once.
    const other = await signedInClient(env.server.current.url, BUYER);
    const apron = (await other.api.product.list.query({ shopId })).find((p) => p.sku === 'BA-01');
    await other.api.order.place.mutate({ shopId, items: [{ productId: apron?.id ?? '', quantity: apron?.stock ?? 0 }] });
    await other.close();
    const card = productCard(page, 'Barista Apron');
    await expectAttribute(card, 'data-sold-out', 'true', 2_000);
    await card.getByRole('button', { name: 'Notify me: Barista Apron' }).click();
    await card.getByRole('button', { name: 'We will notify you: Barista Apron' }).waitFor();
    await screenshot(page, 'p-notify-me');
    const bell = page.getByTestId('notification-bell');
    const unread = Number(await bell.getAttribute('data-unread'));

    // The seller restocks it: the buyer's bell counts one "Back in stock".
    await sellerPage.getByRole('button', { name: 'Adjust stock of Barista Apron' }).click();
    const dialog = sellerPage.getByRole('dialog');
    await dialog.getByLabel(/^Change/).fill('4');
    await dialog.getByLabel(/^Reason/).fill('Delivery');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expectAttribute(bell, 'data-unread', String(unread + 1), 2_000);
    await expectAttribute(card, 'data-sold-out', 'false', 2_000);
    await bell.click();
    await expectText(page.getByTestId('notification-item').first(), /Back in stock: Barista Apron/);
    expect([...seller.problems, ...buyer.problems]).toEqual([]);
  });
});
