import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../src/shared/money.js';
import { signedInClient } from './support/apiClient.js';
import { newContext, screenshot } from './support/browser.js';
import { withServerAndBrowser } from './support/fixture.js';
import { SELLER, expectAttribute, expectText, signIn } from './support/flows.js';

const usd = (cents: number) => formatMoney(cents, 'USD', 'en-US');

/** WCAG 2.0/2.1 A and AA rules axe checks by itself, as in a11y.test.ts; polled past fade-ins. */
async function expectNoViolations(page: Page): Promise<void> {
  const violations = async () => {
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    return result.violations.flatMap((v) => v.nodes.map((node) => `${v.id}: ${node.html.slice(0, 120)}`));
  };
  await expect.poll(violations, { timeout: 5_000, interval: 250 }).toEqual([]);
}

describe('purchase orders and stock movements', () => {
  const env = withServerAndBrowser();

  it('staff receive a purchase order while the owner’s dashboard shows the stock rise, the low-stock alert clear and the stock at cost move, live', async () => {
    // A staff member of the demo shop, with an account of their own.
    const ownerApi = await signedInClient(env.server.current.url, SELLER);
    const shopId = (await ownerApi.api.auth.me.query()).shopIds[0] ?? '';
    const staff = { email: `sol-${Date.now()}@example.test`, password: 'password-123' };
    await ownerApi.api.auth.register.mutate({ ...staff, name: 'Sol Staff', role: 'seller', shopName: 'Sol’s Stall' });
    await ownerApi.api.team.add.mutate({ shopId, email: staff.email, role: 'staff' });
    const decaf = (await ownerApi.api.product.list.query({ shopId })).find((p) => p.sku === 'DC-COL');
    if (!decaf || decaf.costCents === null) throw new Error('the demo shop has no Decaf Colombia');
    const valueBefore = (await ownerApi.api.dashboard.stats.query({ shopId })).inventoryValueCents ?? 0;

    // The owner drafts the purchase order on its screen and marks it ordered.
    const owner = await newContext(env.browser, env.server.current.url);
    const ownerPage = await owner.context.newPage();
    await signIn(ownerPage, SELLER, /\/dashboard\/[^/]+$/);
    await ownerPage.getByRole('navigation', { name: 'This shop' }).getByRole('link', { name: 'Purchase orders' }).click();
    await ownerPage.waitForURL(`**/dashboard/${shopId}/purchase-orders`);
    await ownerPage.getByRole('link', { name: 'New purchase order' }).click();
    const form = ownerPage.getByRole('form', { name: 'New purchase order' });
    await form.getByRole('combobox', { name: 'Supplier' }).click();
    await ownerPage.getByRole('option', { name: 'Hillside Roastery' }).click();
    await form.getByRole('combobox', { name: 'Product, line 1' }).click();
    await ownerPage.getByRole('option', { name: 'Decaf Colombia, 250 g (DC-COL)' }).click();
    await form.getByLabel('Quantity, line 1').fill('10');
    // The product's cost is filled in; the supplier's price this time is lower.
    await expect.poll(() => form.getByLabel('Unit cost, line 1').inputValue()).toBe('6.10');
    await form.getByLabel('Unit cost, line 1').fill('5.80');
    await form.getByRole('button', { name: 'Save draft' }).click();
    await ownerPage.waitForURL(new RegExp(`/dashboard/${shopId}/purchase-orders/[^/]+$`));
    await expectText(ownerPage.getByTestId('po-total'), usd(5800));
    await expectAttribute(ownerPage.locator('[data-status]').first(), 'data-status', 'draft');
    await ownerPage.getByRole('button', { name: 'Mark ordered' }).click();
    await expectAttribute(ownerPage.locator('[data-status]').first(), 'data-status', 'ordered');
    const receiveUrl = `${new URL(ownerPage.url()).pathname}/receive`;
    await screenshot(ownerPage, 'po-ordered');
    await expectNoViolations(ownerPage);

    // The owner's dashboard: Decaf is low, and the stock at cost is the snapshot's.
    await ownerPage.goto(`/dashboard/${shopId}`);
    await expectAttribute(ownerPage.getByTestId('connection'), 'data-state', 'live');
    const row = ownerPage.locator(`[data-product-id="${decaf.id}"]`);
    const attention = ownerPage.getByTestId('needs-restocking');
    await expectText(row.getByTestId('stock'), '3');
    await expectText(attention, /Decaf Colombia, 250 g \(3 left\)/);
    await expectText(ownerPage.getByTestId('figure-inventory-value'), usd(valueBefore));

    // Staff, at the door, receive part of it on their own screen (no costs shown to them).
    const member = await newContext(env.browser, env.server.current.url);
    const staffPage = await member.context.newPage();
    await signIn(staffPage, staff, /\/dashboard\/[^/]+$/);
    await staffPage.goto(receiveUrl);
    const receive = staffPage.getByRole('form', { name: 'Receive goods' });
    await receive.getByLabel('Arrived now: Decaf Colombia, 250 g').fill('1');
    await receive.getByRole('button', { name: 'Receive' }).click();
    await expectText(staffPage.getByTestId('receive-done'), /now partly received/);
    await expectNoViolations(staffPage);
    expect(await staffPage.getByText(usd(580)).count()).toBe(0);

    // One more arrives: still low (4 <= 5). Then the rest: the alert clears, on the owner's page, without a reload.
    await ownerPage.evaluate(() => Object.assign(window, { sameDocument: true }));
    await expectText(row.getByTestId('stock'), '4');
    await expectText(attention, /Decaf Colombia, 250 g \(4 left\)/);
    await receive.getByRole('button', { name: 'Everything arrived' }).click();
    await expect.poll(() => receive.getByLabel('Arrived now: Decaf Colombia, 250 g').inputValue()).toBe('9');
    await receive.getByRole('button', { name: 'Receive' }).click();
    await expectText(staffPage.getByTestId('receive-done'), /now received/);
    await screenshot(staffPage, 'po-received-by-staff');

    await expectText(row.getByTestId('stock'), '13', 2_000);
    await expectAttribute(row, 'data-level', 'ok');
    await expect.poll(async () => (await attention.innerText()).includes('Decaf Colombia'), { timeout: 2_000, interval: 50 }).toBe(false);
    // Valued at the product's cost, like the rest of the dashboard.
    await expectText(ownerPage.getByTestId('figure-inventory-value'), usd(valueBefore + 10 * decaf.costCents), 2_000);
    expect(await ownerPage.evaluate(() => 'sameDocument' in window)).toBe(true);
    await screenshot(ownerPage, 'po-dashboard-after-receipt');

    // Staff see no stock at cost on their own dashboard.
    await staffPage.goto(`/dashboard/${shopId}`);
    await staffPage.getByTestId('figure-revenue').waitFor();
    expect(await staffPage.getByTestId('figure-inventory-value').count()).toBe(0);

    await ownerApi.close();
    expect([...owner.problems, ...member.problems]).toEqual([]);
    await owner.context.close();
    await member.context.close();
  });

  it('the movements page filters by product and kind, and shows new movements as they happen', async () => {
    const ownerApi = await signedInClient(env.server.current.url, SELLER);
    const shopId = (await ownerApi.api.auth.me.query()).shopIds[0] ?? '';
    const products = await ownerApi.api.product.list.query({ shopId });
    const kettle = products.find((p) => p.sku === 'GK-01');
    const mug = products.find((p) => p.sku === 'TM-01');
    if (!kettle || !mug) throw new Error('the demo shop lacks its kettle or mug');

    const owner = await newContext(env.browser, env.server.current.url);
    const page = await owner.context.newPage();
    await signIn(page, SELLER, /\/dashboard\/[^/]+$/);
    await page.getByRole('navigation', { name: 'This shop' }).getByRole('link', { name: 'Stock movements' }).click();
    await page.waitForURL(`**/dashboard/${shopId}/movements`);
    const rows = page.getByTestId('movement');
    await rows.first().waitFor();
    // Every seeded product's opening stock is a row.
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(products.length);

    await page.getByRole('combobox', { name: 'Product' }).click();
    await page.getByRole('option', { name: 'Gooseneck Kettle (GK-01)' }).click();
    await expect.poll(async () => (await rows.allInnerTexts()).every((text) => text.includes('Gooseneck Kettle')) && (await rows.count()) === 1).toBe(true);
    await expectText(rows.first().getByTestId('stock-after'), String(kettle.stock));

    // Live, under the filter: the kettle's adjustment shows at the top; the mug's does not.
    await ownerApi.api.inventory.adjust.mutate({ productId: mug.id, delta: -1, reason: 'dropped' });
    await ownerApi.api.inventory.adjust.mutate({ productId: kettle.id, delta: -2, reason: 'display models' });
    await expectText(rows.first(), /display models/, 2_000);
    await expectAttribute(rows.first(), 'data-live', 'true');
    await expectText(rows.first().getByTestId('delta'), '-2');
    await expectText(rows.first().getByTestId('stock-after'), String(kettle.stock - 2));
    expect(await rows.count()).toBe(2);
    await screenshot(page, 'movements-product-filter');
    await expectNoViolations(page);

    // By kind: only the purchase receipts of the first test (Decaf), however many products moved since.
    await page.getByRole('combobox', { name: 'Product' }).click();
    await page.getByRole('option', { name: 'Decaf Colombia, 250 g (DC-COL)' }).click();
    await page.getByRole('combobox', { name: 'Kind' }).click();
    await page.getByRole('option', { name: 'Purchase order' }).click();
    await expect.poll(async () => (await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-kind')))).join(',')).toBe('purchase,purchase');
    await expectText(rows.first().getByTestId('delta'), '+9');
    // An adjustment of Decaf is not a purchase: it stays out; the receipt after it comes in.
    const decafId = products.find((p) => p.sku === 'DC-COL')?.id ?? '';
    await ownerApi.api.inventory.adjust.mutate({ productId: decafId, delta: -1, reason: 'tasting' });
    const [supplier] = await ownerApi.api.supplier.list.query({ shopId });
    const po = await ownerApi.api.purchaseOrder.create.mutate({ shopId, supplierId: supplier?.id ?? '', lines: [{ productId: decafId, quantity: 2, unitCostCents: 600 }] });
    await ownerApi.api.purchaseOrder.setStatus.mutate({ purchaseOrderId: po.id, status: 'ordered' });
    await ownerApi.api.purchaseOrder.receive.mutate({ purchaseOrderId: po.id, lines: [{ productId: decafId, quantity: 2 }] });
    await expectText(rows.first().getByTestId('delta'), '+2', 2_000);
    expect(await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-kind')))).toEqual(['purchase', 'purchase', 'purchase']);
    await ownerApi.close();
    expect(owner.problems).toEqual([]);
    await owner.context.close();
  });

  it('an owner sends stock to their other shop; it leaves this shop’s dashboard at once and arrives when the other shop receives it', async () => {
    const ownerApi = await signedInClient(env.server.current.url, SELLER);
    const shopId = (await ownerApi.api.auth.me.query()).shopIds[0] ?? '';
    const warehouse = await ownerApi.api.shop.create.mutate({ name: 'Corner Coffee Warehouse' });
    const mugHere = (await ownerApi.api.product.list.query({ shopId })).find((p) => p.sku === 'TM-01');
    const mugThere = await ownerApi.api.product.create.mutate({ shopId: warehouse.id, name: 'Travel Mug', sku: 'TM-01', priceCents: 2200, costCents: 800, stock: 0 });
    if (!mugHere) throw new Error('the demo shop has no Travel Mug');

    const owner = await newContext(env.browser, env.server.current.url);
    const dashboard = await owner.context.newPage();
    await signIn(dashboard, SELLER, /\/dashboard\/[^/]+$/);
    await dashboard.goto(`/dashboard/${shopId}`);
    await expectAttribute(dashboard.getByTestId('connection'), 'data-state', 'live');
    const row = dashboard.locator(`[data-product-id="${mugHere.id}"]`);
    await expectText(row.getByTestId('stock'), String(mugHere.stock));

    const page = await owner.context.newPage();
    await page.goto(`/dashboard/${shopId}/transfers`);
    const form = page.getByRole('form', { name: 'Send stock to another shop' });
    await form.getByRole('combobox', { name: 'To shop' }).click();
    await page.getByRole('option', { name: 'Corner Coffee Warehouse' }).click();
    await form.getByRole('combobox', { name: 'Product' }).click();
    await page.getByRole('option', { name: 'Travel Mug (TM-01)' }).click();
    await expectText(form, new RegExp(`${mugHere.stock} in stock here`));
    await form.getByLabel(/^Quantity/).fill('12');
    await form.getByRole('button', { name: 'Send' }).click();
    const sent = page.getByTestId('transfers').locator('[data-status]').first();
    await expectText(sent, /Out to Corner Coffee Warehouse.*Travel Mug \(TM-01\).*12.*In transit/is);
    // The sending shop's dashboard, open in another tab, loses the stock at once.
    await expectText(row.getByTestId('stock'), String(mugHere.stock - 12), 2_000);
    await expectNoViolations(page);

    // The warehouse's transfers page: on its way, then received; its stock arrives.
    await page.goto(`/dashboard/${warehouse.id}/transfers`);
    await page.getByRole('button', { name: 'Receive 12× Travel Mug from Corner Coffee Co.' }).click();
    await expectText(page.getByTestId('incoming-empty'), /Nothing is on its way/);
    await expectAttribute(page.getByTestId('transfers').locator(`[data-status]`).first(), 'data-status', 'received');
    await screenshot(page, 'transfers-received');
    expect((await ownerApi.api.product.list.query({ shopId: warehouse.id })).find((p) => p.id === mugThere.id)?.stock).toBe(12);
    // The sending shop's transfers page shows it received too.
    await dashboard.goto(`/dashboard/${shopId}/transfers`);
    await expectAttribute(dashboard.getByTestId('transfers').locator(`[data-status]`).first(), 'data-status', 'received');

    await ownerApi.close();
    expect(owner.problems).toEqual([]);
    await owner.context.close();
  });
});
