import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

export const SELLER = { email: 'seller@shopwire.test', password: 'demo-seller-pass' };
export const BUYER = { email: 'buyer@shopwire.test', password: 'demo-buyer-pass' };

export async function signIn(page: Page, who: { email: string; password: string }, landing: RegExp): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel(/^Password/).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(landing, { timeout: 10_000 });
}

/** Polls the element's text until it matches; the timeout is the assertion ("within a second"). */
export async function expectText(locator: Locator, expected: string | RegExp, timeout = 5_000): Promise<void> {
  await expect
    .poll(async () => ((await locator.count()) > 0 ? await locator.first().innerText() : null), { timeout, interval: 50 })
    .toMatch(expected);
}

export async function expectAttribute(locator: Locator, name: string, expected: string, timeout = 5_000): Promise<void> {
  await expect.poll(() => locator.getAttribute(name), { timeout, interval: 50 }).toBe(expected);
}

export async function openDemoShop(page: Page): Promise<void> {
  await page.getByRole('link', { name: /Corner Coffee Co/ }).click();
  await page.waitForURL(/\/shops\/[^/]+$/);
  await page.getByTestId('product-card').first().waitFor();
}

export function productCard(page: Page, name: string): Locator {
  return page.getByTestId('product-card').filter({ hasText: name });
}

export function dollars(cents: number): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100);
}
