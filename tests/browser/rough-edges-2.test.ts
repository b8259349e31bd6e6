import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { createShopwireClient } from '../../src/client/sdk/createShopwireClient.js';
import { orderNumber } from '../../src/shared/orderNumber.js';
import { signedInClient } from './support/apiClient.js';
import { newContext, screenshot } from './support/browser.js';
import { BUYER, SELLER, dollars, expectAttribute, expectText, openDemoShop, productCard, signIn } from './support/flows.js';
import { withServerAndBrowser } from './support/fixture.js';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };
/** Two browsers and a server on two shared cores: room beyond the config's 60 s, which is no timing assertion. */
const TWO_BROWSERS = { timeout: 120_000 };

/** The element's box lies wholly inside the window: nothing of it is scrolled away or cut off. */
async function boxInViewport(locator: Locator, viewport: { width: number; height: number }): Promise<boolean> {
  const box = await locator.boundingBox();
  if (!box) return false;
  return box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width && box.y + box.height <= viewport.height;
}

/** Scrolls the page (only the page, never a scroll area inside it) so the element's top is mid-window. */
async function scrollPageTo(locator: Locator): Promise<void> {
  await locator.evaluate((el) => window.scrollBy(0, el.getBoundingClientRect().top - window.innerHeight / 2));
}

async function axeViolations(page: Page, rules?: string[], include?: string): Promise<string[]> {
  let builder = new AxeBuilder({ page });
  builder = rules ? builder.withRules(rules) : builder.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  if (include) builder = builder.include(include);
  const result = await builder.analyze();
  return result.violations.flatMap((v) => v.nodes.map((node) => `${v.id}: ${node.html.slice(0, 120)}`));
}

/** WCAG relative luminance and contrast of two `rgb(...)` colours. */
function rgbOf(css: string): [number, number, number] {
  const [r = 0, g = 0, b = 0] = (css.match(/[\d.]+/g) ?? []).map(Number);
  return [r, g, b];
}
function contrast(a: string, b: string): number {
  const lum = (css: string) => {
    const [r, g, b] = rgbOf(css).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The button's text colour and the first opaque background behind it. */
function colours(locator: Locator): Promise<{ color: string; background: string }> {
  return locator.evaluate((el) => {
    let node: Element | null = el;
    let background = 'rgb(255, 255, 255)';
    while (node) {
      const bg = getComputedStyle(node).backgroundColor;
      if (bg && bg !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(bg)) {
        background = bg;
        break;
      }
      node = node.parentElement;
    }
    return { color: getComputedStyle(el).color, background };
  });
}

function isReddish(css: string): boolean {
  const [r, g, b] = rgbOf(css);
  return r >= 180 && r - g >= 60 && r - b >= 60;
}

async function demoShop(url: string) {
  const buyer = await signedInClient(url, BUYER);
  const shop = (await buyer.api.shop.list.query()).find((s) => s.name === 'Corner Coffee Co.');
  const products = await buyer.api.product.list.query({ shopId: shop?.id ?? '' });
  const id = (name: string) => products.find((p) => p.name === name)?.id ?? '';
  return { buyer, shopId: shop?.id ?? '', id };
}

describe('more edges a first try in Chromium found', () => {
  const env = withServerAndBrowser();

  it("at phone width the inventory's Adjust is on screen without scrolling the table sideways, and it adjusts the stock", async () => {
    const { context, problems } = await newContext(env.browser, env.server.current.url, PHONE);
    const page = await context.newPage();
    await signIn(page, SELLER, /\/dashboard\/[^/]+$/);
    const adjust = page.getByRole('button', { name: 'Adjust stock of Travel Mug' });
    await adjust.waitFor();
    await scrollPageTo(adjust);
    expect(await boxInViewport(adjust, PHONE)).toBe(true);
    // The table was not scrolled sideways to get there.
    expect(await page.getByTestId('inventory-table').evaluate((table) => table.closest('.mantine-ScrollArea-viewport')?.scrollLeft ?? 0)).toBe(0);
    await screenshot(page, 'edges-phone-inventory');

    const stockCell = page.locator('[data-testid="inventory-table"] tr', { hasText: 'Travel Mug' }).getByTestId('stock');
    const before = Number(await stockCell.innerText());
    await adjust.click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Change/).fill('5');
    await dialog.getByLabel(/^Reason/).fill('Delivery from roaster');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expectText(stockCell, String(before + 5));
    const { buyer, shopId, id } = await demoShop(env.server.current.url);
    expect((await buyer.api.product.list.query({ shopId })).find((p) => p.id === id('Travel Mug'))?.stock).toBe(before + 5);
    await buyer.close();
    expect(problems).toEqual([]);
  });

  for (const [label, viewport] of [
    ['a 390 px phone', PHONE],
    ['a desktop', DESKTOP],
  ] as const) {
    it(`on ${label}, the checkout's outcome (declined, then paid) is brought into view and focused`, async () => {
      const { context, problems } = await newContext(env.browser, env.server.current.url, viewport);
      const page = await context.newPage();
      await signIn(page, BUYER, /\/shops$/);
      await openDemoShop(page);
      await productCard(page, 'House Blend').getByRole('button', { name: /^Add .*: House Blend/ }).click();
      await page.getByLabel('Visa •••• 0002').check();
      await page.getByRole('button', { name: 'Place order' }).click();

      const retry = page.getByTestId('payment-retry');
      await expectAttribute(retry, 'data-payment', 'failed');
      await expect.poll(() => boxInViewport(retry, viewport)).toBe(true);
      expect(await retry.evaluate((el) => el === document.activeElement)).toBe(true);

      await retry.getByLabel('Visa •••• 4242').check();
      // Far from the outcome again, as a buyer reading the products would be.
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await retry.getByRole('button', { name: `Pay ${dollars(1200)}` }).click();
      const placed = page.getByTestId('order-placed');
      await expectText(placed, /Order placed and paid/);
      await expect.poll(() => boxInViewport(placed, viewport)).toBe(true);
      expect(await placed.evaluate((el) => el === document.activeElement)).toBe(true);
      await screenshot(page, `edges-checkout-in-view-${viewport.width}`);

      // A plain checkout with a good card: placed at the foot of the cart, confirmed in view.
      await placed.getByRole('button').first().click();
      await productCard(page, 'House Blend').getByRole('button', { name: /^Add .*: House Blend/ }).click();
      await page.getByLabel('Visa •••• 4242').check();
      await page.getByRole('button', { name: 'Place order' }).click();
      await expect.poll(async () => (await placed.count()) > 0 && (await boxInViewport(placed, viewport))).toBe(true);
      expect(await placed.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(problems).toEqual([]);
    });
  }

  it('a new shop with no products: its alert card says so (not that every product is above its threshold), and buyers are not shown it until it sells something', TWO_BROWSERS, async () => {
    const anon = createShopwireClient({ url: env.server.current.url, token: () => null, WebSocket, transport: 'http' });
    const email = `new-seller-${Date.now()}@example.test`;
    await anon.api.auth.register.mutate({ email, password: 'password-123', name: 'Nia New', role: 'seller', shopName: 'Brand New Bakery' });
    await anon.close();

    const seller = await newContext(env.browser, env.server.current.url);
    const page = await seller.context.newPage();
    await signIn(page, { email, password: 'password-123' }, /\/dashboard\/[^/]+$/);
    await expectText(page.getByRole('heading', { level: 2 }).first(), 'Brand New Bakery');
    const restock = page.getByTestId('needs-restocking');
    await expectText(restock, /^No products yet — add your first product/);
    expect(await restock.innerText()).not.toMatch(/above its low-stock threshold/);

    const buyer = await newContext(env.browser, env.server.current.url);
    const store = await buyer.context.newPage();
    await signIn(store, BUYER, /\/shops$/);
    await store.getByRole('link', { name: /Corner Coffee Co/ }).waitFor();
    expect(await store.getByRole('link', { name: /Brand New Bakery/ }).count()).toBe(0);

    await page.getByRole('button', { name: 'Add product' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Name/).fill('Sourdough Loaf');
    await dialog.getByLabel(/^SKU/).fill('SD-01');
    await dialog.getByLabel(/^Price/).fill('6.50');
    await dialog.getByLabel(/^Cost/).fill('2.10');
    await dialog.getByLabel(/^Stock/).fill('20');
    await dialog.getByRole('button', { name: 'Add product' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expectText(restock, /^Every product is above its low-stock threshold\.$/);

    await store.reload();
    await store.getByRole('link', { name: /Brand New Bakery/ }).click();
    await productCard(store, 'Sourdough Loaf').waitFor();
    expect([...seller.problems, ...buyer.problems]).toEqual([]);
  });

  it('warns, without refusing, when a product costs more than its price, in the add and the edit dialog', async () => {
    const { context, problems } = await newContext(env.browser, env.server.current.url);
    const page = await context.newPage();
    await signIn(page, SELLER, /\/dashboard\/[^/]+$/);
    await page.getByRole('button', { name: 'Add product' }).click();
    const dialog = page.getByRole('dialog');
    const warning = dialog.getByTestId('cost-above-price');
    await dialog.getByLabel(/^Name/).fill('Clearance Scoop');
    await dialog.getByLabel(/^SKU/).fill('CS-01');
    await dialog.getByLabel(/^Price/).fill('5.00');
    await dialog.getByLabel(/^Cost/).fill('4.00');
    expect(await warning.count()).toBe(0);
    await dialog.getByLabel(/^Cost/).fill('8.25');
    await expectText(warning, `The cost is above the price: each sale loses ${dollars(325)}. You can still save it, if that is on purpose.`);
    await expect.poll(() => axeViolations(page), { timeout: 5_000, interval: 250 }).toEqual([]);
    await screenshot(page, 'edges-cost-above-price');
    await dialog.getByRole('button', { name: 'Add product' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // Saved as typed: a loss on purpose is the seller's call.
    const { buyer, shopId } = await demoShop(env.server.current.url);
    const saved = (await buyer.api.product.list.query({ shopId })).find((p) => p.sku === 'CS-01');
    expect(saved).toMatchObject({ priceCents: 500 });
    await buyer.close();
    const seller = await signedInClient(env.server.current.url, SELLER);
    expect((await seller.api.product.list.query({ shopId })).find((p) => p.sku === 'CS-01')?.costCents).toBe(825);
    await seller.close();

    await page.getByRole('button', { name: 'Edit Clearance Scoop' }).click();
    await expectText(warning, /each sale loses \$3\.25/);
    await dialog.getByLabel(/^Price/).fill('9.00');
    await expect.poll(() => warning.count()).toBe(0);
    await dialog.getByLabel(/^Cost/).fill('9.01');
    await expectText(warning, /each sale loses \$0\.01/);
    expect(problems).toEqual([]);
  });

  it('in the dark scheme a red Cancel stays red, with AA contrast (the shop\'s and the buyer\'s)', TWO_BROWSERS, async () => {
    const { buyer, shopId, id } = await demoShop(env.server.current.url);
    const order = await buyer.api.order.place.mutate({ shopId, items: [{ productId: id('Paper Filters (100)'), quantity: 1 }] });
    await buyer.close();

    const seller = await newContext(env.browser, env.server.current.url, DESKTOP, 'dark');
    const page = await seller.context.newPage();
    await signIn(page, SELLER, /\/dashboard\/[^/]+$/);
    expect(await page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme'))).toBe('dark');
    const cancel = page.getByRole('button', { name: /^Cancel order #/ }).first();
    await cancel.waitFor();
    const shop = await colours(cancel);
    expect(isReddish(shop.color), `${shop.color} is not red`).toBe(true);
    expect(contrast(shop.color, shop.background)).toBeGreaterThanOrEqual(4.5);
    await cancel.hover();
    const hovered = await colours(cancel);
    expect(contrast(hovered.color, hovered.background)).toBeGreaterThanOrEqual(4.5);
    await page.mouse.move(0, 0);
    expect(await axeViolations(page, ['color-contrast'], '[data-testid="order-row"]')).toEqual([]);

    const buyerContext = await newContext(env.browser, env.server.current.url, PHONE, 'dark');
    const store = await buyerContext.context.newPage();
    await signIn(store, BUYER, /\/shops$/);
    await store.goto('/orders');
    const own = store.locator(`[data-order-id="${order.id}"]`).getByRole('button', { name: /^Cancel order/ });
    await own.waitFor();
    const mine = await colours(own);
    expect(isReddish(mine.color), `${mine.color} is not red`).toBe(true);
    expect(contrast(mine.color, mine.background)).toBeGreaterThanOrEqual(4.5);
    expect(await axeViolations(store, ['color-contrast'], `[data-order-id="${order.id}"]`)).toEqual([]);
    await screenshot(store, 'edges-dark-cancel');
    expect([...seller.problems, ...buyerContext.problems]).toEqual([]);
  });

  it("My orders names each order's shop; a buyer's cancel is confirmed to them and toasted to the seller live, the shop's own cancel is not", TWO_BROWSERS, async () => {
    const { buyer, shopId, id } = await demoShop(env.server.current.url);
    const byShop = await buyer.api.order.place.mutate({ shopId, items: [{ productId: id('Cold Brew Concentrate'), quantity: 1 }] });
    const byBuyer = await buyer.api.order.place.mutate({ shopId, items: [{ productId: id('Cold Brew Concentrate'), quantity: 2 }] });
    await buyer.close();

    const seller = await newContext(env.browser, env.server.current.url);
    const dash = await seller.context.newPage();
    await signIn(dash, SELLER, /\/dashboard\/[^/]+$/);
    await expectAttribute(dash.getByTestId('connection'), 'data-state', 'live');

    const buyerContext = await newContext(env.browser, env.server.current.url);
    const store = await buyerContext.context.newPage();
    await signIn(store, BUYER, /\/shops$/);
    await store.goto('/orders');
    const cards = store.getByTestId('my-order');
    await cards.first().waitFor();
    expect(new Set(await cards.getByTestId('order-shop').allInnerTexts())).toEqual(new Set(['Corner Coffee Co.']));

    // The shop cancels one itself (from elsewhere): that is no news to the shop.
    const sellerApi = await signedInClient(env.server.current.url, SELLER);
    await sellerApi.api.order.updateStatus.mutate({ orderId: byShop.id, status: 'cancelled' });
    await sellerApi.close();
    await expectAttribute(store.locator(`[data-order-id="${byShop.id}"]`), 'data-status', 'cancelled');

    await store.locator(`[data-order-id="${byBuyer.id}"]`).getByRole('button', { name: /^Cancel order/ }).click();
    const number = orderNumber(byBuyer.id);
    const toasts = (page: Page) => page.locator('.mantine-Notification-root');
    await expectText(toasts(store).filter({ hasText: 'Order cancelled' }), new RegExp(`Order ${number} is cancelled`));
    await expectText(toasts(dash).filter({ hasText: 'Order cancelled by the buyer' }), new RegExp(`Order ${number} was cancelled by its buyer`), 2_000);
    // Only the buyer's cancel is toasted: the shop's own (heard earlier on the same stream) is not.
    expect(await toasts(dash).filter({ hasText: 'cancelled by' }).count()).toBe(1);
    expect(await toasts(dash).filter({ hasText: orderNumber(byShop.id) }).count()).toBe(0);
    await screenshot(dash, 'edges-seller-hears-buyer-cancel');
    expect([...seller.problems, ...buyerContext.problems]).toEqual([]);
  });
});
