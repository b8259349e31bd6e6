import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { createShopwireClient } from '../../src/client/sdk/createShopwireClient.js';
import { newContext, screenshot } from './support/browser.js';
import { withServerAndBrowser } from './support/fixture.js';
import { SELLER, expectAttribute, expectText, signIn } from './support/flows.js';

describe('a shop team', () => {
  const env = withServerAndBrowser();

  it('an owner adds a staff member, who sees no profit and cannot add products; removed, their open dashboard shows that access ended', async () => {
    // The staff member's own seller account (with a shop of their own), made through the API.
    const anon = createShopwireClient({ url: env.server.current.url, token: () => null, WebSocket, transport: 'http' });
    const staff = { email: `kim-${Date.now()}@example.test`, password: 'password-123' };
    await anon.api.auth.register.mutate({ ...staff, name: 'Kim Staff', role: 'seller', shopName: 'Kim’s Kiosk' });
    await anon.close();

    const owner = await newContext(env.browser, env.server.current.url);
    const ownerPage = await owner.context.newPage();
    await signIn(ownerPage, SELLER, /\/dashboard\/[^/]+$/);
    const shopId = new URL(ownerPage.url()).pathname.split('/').pop() ?? '';
    // The owner sees the profit figure and may add products.
    await ownerPage.getByTestId('figure-profit').waitFor();
    await ownerPage.getByRole('button', { name: 'Add product' }).waitFor();

    await ownerPage.getByRole('link', { name: 'Team' }).click();
    await ownerPage.waitForURL(`**/dashboard/${shopId}/team`);
    const form = ownerPage.getByRole('form', { name: 'Add a team member' });
    await form.getByLabel('Email').fill(staff.email);
    await form.getByRole('button', { name: 'Add' }).click();
    const staffRow = ownerPage.getByTestId('member-row').filter({ hasText: staff.email });
    await expectText(staffRow, /Kim Staff/);
    await expect.poll(() => staffRow.getByLabel(`Role of ${staff.email}`).inputValue()).toBe('Staff');
    // Adding the same person again is refused in words.
    await form.getByLabel('Email').fill(staff.email);
    await form.getByRole('button', { name: 'Add' }).click();
    await expectText(ownerPage.locator('[data-error-code="CONFLICT"]'), /already on this shop's team \(as staff\)/);

    const member = await newContext(env.browser, env.server.current.url);
    const staffPage = await member.context.newPage();
    await signIn(staffPage, staff, /\/dashboard\/[^/]+$/);
    await staffPage.goto(`/dashboard/${shopId}`);
    await expectAttribute(staffPage.getByTestId('connection'), 'data-state', 'live');
    await expectText(staffPage.getByTestId('figure-revenue'), /\$/);
    await staffPage.getByTestId('inventory-table').waitFor();
    // Everything the role may not see or do is absent, not disabled.
    expect(await staffPage.getByTestId('figure-profit').count()).toBe(0);
    expect(await staffPage.getByText('Profit', { exact: true }).count()).toBe(0);
    expect(await staffPage.getByRole('button', { name: 'Add product' }).count()).toBe(0);
    expect(await staffPage.getByRole('button', { name: /^Edit / }).count()).toBe(0);
    expect(await staffPage.getByRole('link', { name: 'Team' }).count()).toBe(0);
    // Staff still adjust stock.
    expect(await staffPage.getByRole('button', { name: /^Adjust stock of / }).count()).toBeGreaterThan(0);
    await screenshot(staffPage, 'team-staff-dashboard');

    // With the staff member's dashboard open, the owner sees them online.
    await ownerPage.reload();
    await expectAttribute(staffRow.getByTestId('member-online'), 'data-online', 'true');
    await screenshot(ownerPage, 'team-page');

    await staffRow.getByRole('button', { name: `Remove ${staff.email}` }).click();
    await ownerPage.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await ownerPage.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await ownerPage.getByTestId('member-row').filter({ hasText: staff.email }).count()).toBe(0);

    // The staff member's open dashboard learns at once, through its stream (FORBIDDEN), without a reload.
    await expectText(staffPage.getByTestId('access-ended'), /Your access to this shop ended/);
    expect(await staffPage.getByTestId('inventory-table').count()).toBe(0);
    await screenshot(staffPage, 'team-access-ended');

    expect(owner.problems).toEqual([]);
    expect(member.problems).toEqual([]);
    await owner.context.close();
    await member.context.close();
  });
});
