import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createShopwireClient } from '../../src/client/sdk/createShopwireClient.js';
import { newContext, screenshot } from './support/browser.js';
import { SELLER, expectText, signIn } from './support/flows.js';
import { withServerAndBrowser } from './support/fixture.js';

describe('accounts', () => {
  const env = withServerAndBrowser();

  it('explains bad input and wrong passwords, registers a seller onto their new shop, keeps the session across reloads', async () => {
    const { context, problems } = await newContext(env.browser, env.server.current.url, { width: 390, height: 844 });
    const page = await context.newPage();

    await page.goto('/signin');
    await page.getByLabel('Email').fill(SELLER.email);
    await page.getByLabel(/^Password/).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectText(page.getByRole('alert'), /Wrong email or password\s*Invalid email or password/);

    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByText('Sell', { exact: true }).click();
    await page.getByLabel(/^Your name/).fill('Nia New');
    await page.getByLabel(/^Email/).fill('not-an-email');
    await page.getByLabel(/^Password/).fill('short');
    await page.getByLabel(/^Shop name/).fill('Nia’s Knits');
    await page.getByRole('button', { name: 'Create account' }).click();
    const alert = page.locator('[data-error-code="BAD_REQUEST"]');
    await expectText(alert, /email: must be an email address, like name@example\.com/);
    await expectText(alert, /password: must be at least 8 characters/);
    await screenshot(page, 'auth-bad-request');

    // An email that already has an account says so, in those words.
    await page.getByLabel(/^Email/).fill(SELLER.email);
    await page.getByLabel(/^Password/).fill('long-enough-pass');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expectText(page.locator('[data-error-code="CONFLICT"]'), /That email already has an account\s*An account with this email already exists/);

    await page.getByLabel(/^Email/).fill('nia@example.test');
    await page.getByLabel(/^Password/).fill('long-enough-pass');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/dashboard\/[^/]+$/);
    await expectText(page.getByRole('heading', { level: 2 }), 'Nia’s Knits');
    await expectText(page.getByTestId('figure-orders'), '0');
    const bookmark = page.url();

    // A new shop is empty; its seller stocks it from the inventory panel.
    await page.getByRole('button', { name: 'Add product' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Name/).fill('Wool Scarf');
    await dialog.getByLabel(/^SKU/).fill('SC-1');
    await dialog.getByLabel(/^Price/).fill('25');
    await dialog.getByLabel(/^Cost/).fill('10.5');
    await dialog.getByLabel(/^Stock/).fill('3');
    await dialog.getByRole('button', { name: 'Add product' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const scarf = page.getByTestId('inventory-table').locator('tr', { hasText: 'Wool Scarf' });
    await expectText(scarf, /SC-1\s+\$25\.00\s+3/);

    await page.reload();
    await expectText(page.getByRole('heading', { level: 2 }), 'Nia’s Knits');
    await expectText(scarf, /Wool Scarf/);
    expect(page.url()).toBe(bookmark);
    await screenshot(page, 'auth-new-seller-dashboard');

    // A second shop brings the switcher; switching is a bookmarkable route change.
    await page.getByRole('button', { name: 'New shop' }).click();
    await page.getByRole('dialog').getByLabel(/^Shop name/).fill('Nia’s Yarn');
    await page.getByRole('dialog').getByRole('button', { name: 'Create shop' }).click();
    await expectText(page.getByRole('heading', { level: 2 }), 'Nia’s Yarn');
    expect(page.url()).not.toBe(bookmark);
    await page.getByRole('combobox', { name: 'Switch shop' }).click();
    await page.getByRole('option', { name: 'Nia’s Knits' }).click();
    await page.waitForURL(bookmark);
    await expectText(scarf, /Wool Scarf/);

    const token = await page.evaluate(() => localStorage.getItem('shopwire.token'));
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/signin$/);
    // Signed out on the server too: the old token is refused, whoever holds it.
    const stolen = createShopwireClient({ url: env.server.current.url, token: () => token, WebSocket, transport: 'http' });
    await expect(stolen.api.auth.me.query()).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
    await stolen.close();
    // A bookmarked dashboard asks to sign in first, then comes back to it.
    await page.goto(bookmark);
    await page.waitForURL(/\/signin\?next=/);
    await page.getByLabel('Email').fill('nia@example.test');
    await page.getByLabel(/^Password/).fill('long-enough-pass');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(bookmark);
    expect(problems).toEqual([]);
  });

  it('signs an open dashboard out when its session is signed out elsewhere (the server closes its socket with 4401)', async () => {
    const { context, problems } = await newContext(env.browser, env.server.current.url);
    const page = await context.newPage();
    await signIn(page, SELLER, /\/dashboard\/[^/]+$/);
    await page.getByTestId('figure-orders').waitFor();
    const token = await page.evaluate(() => localStorage.getItem('shopwire.token'));
    // The same session signed out from another device (here: a program holding the token).
    const elsewhere = createShopwireClient({ url: env.server.current.url, token: () => token, WebSocket, transport: 'http' });
    await elsewhere.api.auth.logout.mutate();
    await elsewhere.close();
    await page.waitForURL(/\/signin/, { timeout: 5_000 });
    await expectText(page.getByText('Your session has ended'), /Please sign in again/);
    expect(problems).toEqual([]);
  });

  it('sends a signed-in seller to their dashboard from the home page', async () => {
    const { context, problems } = await newContext(env.browser, env.server.current.url);
    const page = await context.newPage();
    await signIn(page, SELLER, /\/dashboard\/[^/]+$/);
    await page.goto('/');
    await page.waitForURL(/\/dashboard\/[^/]+$/);
    expect(problems).toEqual([]);
  });

  it('stops taking passwords for an account after 10 failed sign-ins, and says for how long', async () => {
    const anon = createShopwireClient({ url: env.server.current.url, token: () => null, WebSocket, transport: 'http' });
    await anon.api.auth.register.mutate({ email: 'guessed@example.test', password: 'the-real-password', name: 'Gus', role: 'buyer' });
    await anon.close();
    const { context, problems } = await newContext(env.browser, env.server.current.url);
    const page = await context.newPage();
    await page.goto('/signin');
    await page.getByLabel('Email').fill('guessed@example.test');
    for (let i = 0; i < 10; i++) {
      await page.getByLabel(/^Password/).fill(`guess-${i}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expectText(page.locator('[data-error-code="UNAUTHORIZED"]'), /Invalid email or password/);
    }
    await page.getByLabel(/^Password/).fill('the-real-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.locator('[data-error-code="TOO_MANY_REQUESTS"]');
    await expectText(alert, /Too many attempts\s*Too many failed sign-ins\. Try again in 15 minutes\./);
    expect(page.url()).toMatch(/\/signin$/);
    await screenshot(page, 'auth-too-many-attempts');
    expect(problems).toEqual([]);
  });
});
