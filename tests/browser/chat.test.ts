import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, screenshot } from './support/browser.js';
import { BUYER, SELLER, expectText, openDemoShop, signIn } from './support/flows.js';
import { startTestServer, type TestServer } from './support/server.js';

/** WCAG 2.0/2.1 A and AA rules axe can check, polled as in a11y.test.ts (toasts fade in). */
async function expectNoViolations(page: Page): Promise<void> {
  const violations = async () => (await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()).violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.html.slice(0, 120)}`));
  await expect.poll(violations, { timeout: 5_000, interval: 250 }).toEqual([]);
}

describe('a buyer and the shop talk, live', () => {
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

  it("brings the buyer's message to the seller's open inbox with an unread badge, and the answer back to the buyer", async () => {
    await signIn(seller.page, SELLER, /\/dashboard\/[^/]+$/);
    await seller.page.getByRole('link', { name: 'Messages' }).click();
    await seller.page.waitForURL(/\/dashboard\/[^/]+\/inbox$/);
    await seller.page.getByTestId('inbox').waitFor();
    await expectText(seller.page.getByTestId('inbox'), /No messages yet/);

    await signIn(buyer.page, BUYER, /\/shops$/);
    await openDemoShop(buyer.page);
    await buyer.page.getByRole('button', { name: 'Message the shop' }).click();
    const buyerThread = buyer.page.getByTestId('chat-thread');
    await buyerThread.waitFor();
    await expectText(buyerThread, /No messages yet/);
    await buyerThread.getByLabel('Your message').fill('Is the House Blend roasted this week?');
    await buyerThread.getByRole('button', { name: 'Send' }).click();
    await expectText(buyerThread.getByTestId('chat-body').last(), 'Is the House Blend roasted this week?');

    // The seller's inbox, open all along, lists the new conversation with one unread message.
    const row = seller.page.getByTestId('inbox-row');
    await expectText(row.getByTestId('unread'), '1', 2_000);
    await expectText(row, /Is the House Blend roasted this week\?/);
    await screenshot(seller.page, 'chat-inbox-unread');
    await row.click();
    const sellerThread = seller.page.getByTestId('chat-thread');
    await expectText(sellerThread.getByTestId('chat-body').first(), 'Is the House Blend roasted this week?');
    // Reading it clears the badge, and the buyer sees it was seen.
    await expect.poll(() => row.getByTestId('unread').count(), { timeout: 5_000, interval: 50 }).toBe(0);
    await buyerThread.getByTestId('seen').waitFor({ timeout: 5_000 });

    // The seller types: the buyer sees the typing indicator, then the answer, without a reload.
    await sellerThread.getByLabel('Your message').pressSequentially('Yes, on Monday', { delay: 10 });
    await expectText(buyerThread.getByTestId('typing'), 'Sam Seller is typing…', 2_000);
    await sellerThread.getByLabel('Your message').press('Enter');
    await expectText(buyerThread.getByTestId('chat-body').last(), 'Yes, on Monday', 2_000);
    await expectText(buyerThread.getByTestId('typing'), /^$/, 2_000);
    await screenshot(buyer.page, 'chat-buyer-answer-phone');
    await expectNoViolations(buyer.page);
    await expectNoViolations(seller.page);
    expect(await buyerThread.getByTestId('chat-message').count()).toBe(2);
    expect([...seller.problems, ...buyer.problems]).toEqual([]);
  });
});
