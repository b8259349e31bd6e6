import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Product } from '../../src/shared/domain.js';
import { orderNumber } from '../../src/shared/orderNumber.js';
import type { ShopwireClient } from '../../src/client/sdk/createShopwireClient.js';
import { signedInClient } from './support/apiClient.js';
import { newContext, screenshot } from './support/browser.js';
import { BUYER, SELLER, expectAttribute, expectText, signIn } from './support/flows.js';
import { withServerAndBrowser } from './support/fixture.js';

async function placeOrder(buyer: ShopwireClient, sku: string): Promise<{ id: string; shopId: string }> {
  const [shop] = await buyer.api.shop.list.query();
  const product = (await buyer.api.product.list.query({ shopId: shop?.id ?? '' })).find((p: Product) => p.sku === sku) as Product;
  return buyer.api.order.place.mutate({ shopId: product.shopId, items: [{ productId: product.id, quantity: 1 }] });
}

const bell = (page: Page) => page.getByTestId('notification-bell');
const item = (page: Page, title: string) => page.getByTestId('notification-item').filter({ hasText: title });
const toast = (page: Page, title: string) => page.locator('.mantine-Notification-root').filter({ hasText: title });
/** The shop list, reached inside the app (no reload), once it shows: the app knows where it is from then on. */
async function goToShopList(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Storefront' }).click();
  await page.waitForURL(/\/shops$/);
  await page.getByRole('link', { name: /Corner Coffee Co/ }).waitFor();
}
const markPage = (page: Page) => page.evaluate(() => Object.assign(window, { shopwireTestMark: true }));
const stillSamePage = (page: Page) => page.evaluate(() => 'shopwireTestMark' in window);

describe('the notification bell', () => {
  const env = withServerAndBrowser();

  it("counts a new order while the seller is on another page, and counts down as they are read", async () => {
    const { context, problems } = await newContext(env.browser, env.server.current.url);
    const buyer = await signedInClient(env.server.current.url, BUYER);
    const seller = await signedInClient(env.server.current.url, SELLER);
    const page = await context.newPage();
    await signIn(page, SELLER, /\/dashboard\/[^/]+$/);
    // Away from the dashboard, in the app: the storefront's shop list.
    await goToShopList(page);
    await expectAttribute(page.getByTestId('connection'), 'data-state', 'live');
    await expectAttribute(bell(page), 'data-unread', '0');
    await markPage(page);

    const first = await placeOrder(buyer, 'HB-250');
    const title = `New order ${orderNumber(first.id)}`;
    await expectAttribute(bell(page), 'data-unread', '1', 2_000);
    await expectText(toast(page, title), /Corner Coffee Co\..*House Blend/s, 2_000);
    expect(await bell(page).getAttribute('aria-label')).toBe('Notifications, 1 unread');

    await bell(page).click();
    await expectAttribute(item(page, title), 'data-read', 'false');
    await expect.poll(async () => (await new AxeBuilder({ page }).include('[data-testid="notification-centre"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()).violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.html.slice(0, 160)} ${n.failureSummary ?? ''}`)), { timeout: 5_000, interval: 250 }).toEqual([]);
    await screenshot(page, 'n-seller-notification-centre');
    await item(page, title).getByRole('button', { name: `Mark read: ${title}` }).click();
    await expectAttribute(bell(page), 'data-unread', '0', 2_000);
    await expectAttribute(item(page, title), 'data-read', 'true');
    // What the bell shows is what the rows say.
    expect((await seller.api.notification.list.query()).unreadCount).toBe(0);

    // Two more while the centre is open, then all read at once.
    const second = await placeOrder(buyer, 'TM-01');
    const third = await placeOrder(buyer, 'GC-25');
    await expectAttribute(bell(page), 'data-unread', '2', 2_000);
    await expectAttribute(item(page, `New order ${orderNumber(third.id)}`), 'data-read', 'false');
    await page.getByRole('button', { name: 'Mark all read' }).click();
    await expectAttribute(bell(page), 'data-unread', '0', 2_000);
    await expectAttribute(item(page, `New order ${orderNumber(second.id)}`), 'data-read', 'true');
    expect((await seller.api.notification.list.query()).unreadCount).toBe(0);

    // Its link opens the shop's dashboard.
    await item(page, title).getByRole('link', { name: title }).click();
    await page.waitForURL(new RegExp(`/dashboard/${first.shopId}$`));
    expect(await stillSamePage(page)).toBe(true);

    // A reload lists what there is without toasting it again: only what arrives after does.
    await page.reload();
    await expectAttribute(bell(page), 'data-unread', '0');
    await expectAttribute(page.getByTestId('connection'), 'data-state', 'live');
    await goToShopList(page);
    const fourth = await placeOrder(buyer, 'PF-100');
    await expectAttribute(bell(page), 'data-unread', '1', 2_000);
    await toast(page, `New order ${orderNumber(fourth.id)}`).waitFor();
    expect(await page.locator('.mantine-Notification-root').filter({ hasText: 'New order' }).count()).toBe(1);

    await Promise.all([buyer.close(), seller.close()]);
    await context.close();
    expect(problems).toEqual([]);
  });

  it("counts the seller's confirm on the buyer's bell, in every open tab, and reading it in one reads it in all", async () => {
    const { context, problems } = await newContext(env.browser, env.server.current.url, { width: 414, height: 860 });
    const buyer = await signedInClient(env.server.current.url, BUYER);
    const seller = await signedInClient(env.server.current.url, SELLER);
    const page = await context.newPage();
    await signIn(page, BUYER, /\/shops$/);
    const other = await context.newPage();
    await other.goto('/shops');
    const order = await placeOrder(buyer, 'ER-1K');
    const before = (await buyer.api.notification.list.query()).unreadCount;
    for (const tab of [page, other]) await expectAttribute(bell(tab), 'data-unread', String(before));
    for (const tab of [page, other]) await expectAttribute(tab.getByTestId('connection'), 'data-state', 'live');

    await seller.api.order.updateStatus.mutate({ orderId: order.id, status: 'confirmed' });
    const title = `Order ${orderNumber(order.id)} confirmed`;
    for (const tab of [page, other]) await expectAttribute(bell(tab), 'data-unread', String(before + 1), 2_000);
    await expectText(toast(page, title), `Your order ${orderNumber(order.id)} from Corner Coffee Co. was confirmed and is being prepared.`, 2_000);

    // A background tab gets no animation frames, so the dropdown would never fade in there.
    await page.bringToFront();
    await bell(page).click();
    await expectAttribute(item(page, title), 'data-read', 'false');
    // The dropdown fades in; the picture is of it fully shown.
    await expect.poll(() => page.locator('.mantine-Popover-dropdown').evaluate((el) => getComputedStyle(el).opacity)).toBe('1');
    await screenshot(page, 'n-buyer-notification-centre-phone');
    await item(page, title).getByRole('link', { name: title }).click();
    await page.waitForURL(/\/orders$/);
    await page.locator(`[data-testid="my-order"][data-order-id="${order.id}"]`).waitFor();
    // Opening it read it, here and in the other tab.
    for (const tab of [page, other]) await expectAttribute(bell(tab), 'data-unread', String(before), 2_000);
    expect((await buyer.api.notification.list.query()).items.find((n) => n.title === title)?.readAt).toBeInstanceOf(Date);

    await Promise.all([buyer.close(), seller.close()]);
    await context.close();
    expect(problems).toEqual([]);
  });
});
