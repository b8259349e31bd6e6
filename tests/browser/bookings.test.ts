import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signedInClient } from './support/apiClient.js';
import { newContext, screenshot } from './support/browser.js';
import { streamEnder } from './support/endStream.js';
import { BUYER, SELLER, expectAttribute, openDemoShop, signIn } from './support/flows.js';
import { withServerAndBrowser } from './support/fixture.js';

/** Set once; a reload would lose it. */
const markPage = (page: Page) => page.evaluate(() => Object.assign(window, { shopwireTestMark: true }));
const stillSamePage = (page: Page) => page.evaluate(() => 'shopwireTestMark' in window);

/** WCAG 2.0/2.1 A and AA rules axe can check by itself, as in a11y.test.ts; polled while toasts fade in. */
async function expectNoViolations(page: Page): Promise<void> {
  const violations = async () => {
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    return result.violations.flatMap((v) => v.nodes.map((node) => `${v.id}: ${node.html.slice(0, 120)}`));
  };
  await expect.poll(violations, { timeout: 5_000, interval: 250 }).toEqual([]);
}

/** Tomorrow as the browser's own calendar has it: every slot of that day is still ahead. */
const tomorrow = (page: Page) =>
  page.evaluate(() => {
    const d = new Date(Date.now() + 86_400_000);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });

describe('services and bookings', () => {
  const env = withServerAndBrowser();

  it("a buyer books a slot from the shop page; the seller's Services page shows it arrive live and confirms it; the buyer's My bookings shows it confirmed, live", async () => {
    const url = env.server.current.url;
    const sellerSide = await newContext(env.browser, url);
    const buyerSide = await newContext(env.browser, url);
    const ender = await streamEnder(buyerSide.context);
    const api = await signedInClient(url, SELLER);
    const [shop] = await api.api.shop.list.query();
    await api.close();
    const shopId = shop?.id ?? '';

    const seller = await sellerSide.context.newPage();
    await signIn(seller, SELLER, /\/dashboard\/[^/]+$/);
    await seller.getByRole('link', { name: 'Services' }).click();
    await seller.waitForURL(new RegExp(`/dashboard/${shopId}/services$`));
    await seller.getByTestId('service-row').filter({ hasText: 'Coffee tasting' }).waitFor();
    const day = await tomorrow(seller);
    await seller.getByLabel('Day').fill(day);
    await seller.waitForURL(new RegExp(`\\?day=${day}$`));
    await seller.getByText('No bookings on this day.').waitFor();
    await expectAttribute(seller.getByTestId('connection'), 'data-state', 'live');
    await markPage(seller);

    const buyer = await buyerSide.context.newPage();
    await signIn(buyer, BUYER, /\/shops$/);
    await openDemoShop(buyer);
    const panel = buyer.getByRole('region', { name: 'Services' });
    await panel.getByRole('radio', { name: /Coffee tasting/ }).check();
    await panel.getByLabel('Day').fill(day);
    // Each free slot is a radio labelled with its time; its value is the start (ms).
    const slot = panel.getByTestId('free-slot').nth(10);
    const slotTime = await slot.evaluate((input) => (input as HTMLInputElement).labels?.[0]?.innerText ?? '');
    const startsAt = await slot.getAttribute('value');
    await slot.check();
    await expectNoViolations(buyer);
    await panel.getByRole('button', { name: 'Book Coffee tasting' }).click();
    await panel.getByTestId('booking-made').waitFor();
    await screenshot(buyer, 'g-book-a-service');
    // The slot just taken is no longer offered.
    await expect.poll(() => panel.locator(`[data-testid="free-slot"][value="${startsAt}"]`).count()).toBe(0);

    const row = seller.getByTestId('shop-booking');
    await expectAttribute(row, 'data-status', 'requested', 2_000);
    expect(await row.innerText()).toContain('Bea Buyer');
    expect(await row.innerText()).toContain(slotTime.trim());
    expect(await stillSamePage(seller)).toBe(true);
    await expectNoViolations(seller);

    await panel.getByRole('link', { name: 'Follow it in My bookings' }).click();
    await buyer.waitForURL(/\/bookings$/);
    const card = buyer.getByTestId('my-booking');
    await expectAttribute(card, 'data-status', 'requested');
    await expect.poll(() => ender.sent.some((call) => call.path === 'booking.onMyBookings')).toBe(true);
    await markPage(buyer);
    await expectNoViolations(buyer);

    await row.getByRole('button', { name: /^Confirm Coffee tasting for Bea Buyer/ }).click();
    await expectAttribute(row, 'data-status', 'confirmed', 2_000);
    await expectAttribute(card, 'data-status', 'confirmed', 2_000);
    expect(await stillSamePage(buyer)).toBe(true);
    expect(await stillSamePage(seller)).toBe(true);
    await screenshot(seller, 'g-services-confirmed');
    await screenshot(buyer, 'g-my-bookings-confirmed');

    await sellerSide.context.close();
    await buyerSide.context.close();
    expect(sellerSide.problems).toEqual([]);
    expect(buyerSide.problems).toEqual([]);
  });
});
