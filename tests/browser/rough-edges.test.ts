import { describe, expect, it } from 'vitest';
import { signedInClient } from './support/apiClient.js';
import { newContext, screenshot } from './support/browser.js';
import { BUYER, SELLER, expectAttribute, expectText, openDemoShop, productCard, signIn } from './support/flows.js';
import { withServerAndBrowser } from './support/fixture.js';

describe('the edges a first try in Chromium found', () => {
  const env = withServerAndBrowser();

  it('a first Tab reaches "Skip to content", which moves focus past the header and navigation', async () => {
    const { context, problems } = await newContext(env.browser, env.server.current.url);
    const page = await context.newPage();
    await signIn(page, SELLER, /\/dashboard\/[^/]+$/);
    await page.getByTestId('figure-orders').waitFor();
    await page.locator('body').focus();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await skip.isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    expect(problems).toEqual([]);
  });

  it('a theme switch sets light or dark over the system setting, and keeps it across reloads', async () => {
    const { context, problems } = await newContext(env.browser, env.server.current.url);
    const page = await context.newPage();
    await signIn(page, SELLER, /\/dashboard\/[^/]+$/);
    const scheme = () => page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme'));
    await page.getByText('Dark', { exact: true }).click();
    expect(await scheme()).toBe('dark');
    await screenshot(page, 'edges-dark-dashboard');
    await page.reload();
    await page.getByTestId('figure-orders').waitFor();
    expect(await scheme()).toBe('dark');
    await page.getByText('Light', { exact: true }).click();
    expect(await scheme()).toBe('light');
    expect(problems).toEqual([]);
  });

  it('offline: the stock badge says Offline as the header does, and an order placed then fails at once, saying it was not sent', async () => {
    const { context } = await newContext(env.browser, env.server.current.url);
    const page = await context.newPage();
    await signIn(page, BUYER, /\/shops$/);
    await openDemoShop(page);
    await expectAttribute(page.getByTestId('stock-stream'), 'data-state', 'live');
    await productCard(page, 'Decaf Colombia').getByRole('button', { name: /^Add .*: Decaf Colombia/ }).click();

    // The server goes away (a deploy, a dropped network): the socket closes and stays down.
    await env.server.stop();
    await expectAttribute(page.getByTestId('connection'), 'data-state', 'offline', 10_000);
    await expectText(page.getByTestId('stock-stream'), /^Offline; stock may be behind$/i);
    await page.getByRole('button', { name: 'Place order' }).click();
    // Not a 40-second spinner: the answer is immediate, and nothing is sent behind the buyer's back later.
    await expectText(page.getByRole('alert').filter({ hasText: "You're offline" }), /this was not sent/, 3_000);
    await screenshot(page, 'edges-offline-order');
    await env.server.restart();
    await expectAttribute(page.getByTestId('connection'), 'data-state', 'live', 15_000);
    await expectText(page.getByTestId('stock-stream'), /^Live stock$/i);
    expect(await page.getByTestId('order-placed').count()).toBe(0);
    // The refused order never went out later either: the buyer has no orders at all.
    const buyer = await signedInClient(env.server.current.url, BUYER);
    expect((await buyer.api.order.listMine.query({})).items).toEqual([]);
    await buyer.close();
  });
});
