import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signedInClient } from './support/apiClient.js';
import { newContext } from './support/browser.js';
import { BUYER, SELLER, expectAttribute, openDemoShop, productCard, signIn } from './support/flows.js';
import { withServerAndBrowser } from './support/fixture.js';

/** WCAG 2.0/2.1 A and AA rules that axe can check by itself, as "rule: element" lines. */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.flatMap((v) => v.nodes.map((node) => `${v.id}: ${node.html.slice(0, 120)}`));
}

/** Polled: a dialog or toast still fading in has, for a moment, the contrast of half its opacity. */
async function expectNoViolations(page: Page): Promise<void> {
  await expect.poll(() => violations(page), { timeout: 5_000, interval: 250 }).toEqual([]);
}

describe('accessibility', () => {
  const env = withServerAndBrowser();

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no WCAG A/AA violations axe can find on the main screens, ${colorScheme} scheme`, async () => {
      // Something in every list: an order, and the alert it raises.
      const buyerApi = await signedInClient(env.server.current.url, BUYER);
      const [shop] = await buyerApi.api.shop.list.query();
      const apron = (await buyerApi.api.product.list.query({ shopId: shop?.id ?? '' })).find((p) => p.sku === 'BA-01');
      await buyerApi.api.order.place.mutate({ shopId: shop?.id ?? '', items: [{ productId: apron?.id ?? '', quantity: 1 }] });
      await buyerApi.close();

      const seller = await newContext(env.browser, env.server.current.url, undefined, colorScheme);
      const page = await seller.context.newPage();
      await page.goto('/signin');
      await page.getByLabel('Email').waitFor();
      await expectNoViolations(page);
      await page.getByRole('link', { name: 'Create an account' }).click();
      await page.getByLabel(/^Your name/).waitFor();
      await expectNoViolations(page);

      await signIn(page, SELLER, /\/dashboard\/[^/]+$/);
      await expectAttribute(page.getByTestId('connection'), 'data-state', 'live');
      await page.getByTestId('order-row').first().waitFor();
      await page.getByRole('img', { name: /^Revenue by hour, Today/ }).waitFor();
      await expectNoViolations(page);
      await page.getByRole('button', { name: 'Edit Travel Mug' }).click();
      await page.getByRole('dialog').waitFor();
      await expectNoViolations(page);

      const buyer = await newContext(env.browser, env.server.current.url, { width: 414, height: 860 }, colorScheme);
      const store = await buyer.context.newPage();
      await signIn(store, BUYER, /\/shops$/);
      await expectNoViolations(store);
      await openDemoShop(store);
      await productCard(store, 'Travel Mug').getByRole('button', { name: /^Add .*: Travel Mug/ }).click();
      await expectAttribute(store.getByTestId('stock-stream'), 'data-state', 'live');
      await expectNoViolations(store);
      await store.goto('/orders');
      await store.getByTestId('my-order').first().waitFor();
      await expectNoViolations(store);
      expect([...seller.problems, ...buyer.problems]).toEqual([]);
    });
  }
});
