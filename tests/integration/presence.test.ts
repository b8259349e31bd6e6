import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveViewEvent, VisitFigures } from '../../src/shared/presence.js';
import { codeOf, connect, errorCode, registerSeller, zodIssues, type TestClient } from '../support/clients.js';
import { setupShop } from '../support/fixtures.js';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { startApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import WebSocket from 'ws';
import { createShopwireClient } from '../../src/client/sdk/createShopwireClient.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { collect, eventually } from '../support/subscriptions.js';

// Ephemeral streams yield plain values (no tracked ids): `collect` hands them over as they come.
function visit(client: TestClient, shopId: string, productId?: string) {
  const c = collect<VisitFigures>((handlers) => client.api.presence.visit.subscribe({ shopId, productId }, { ...handlers, onData: (v) => handlers.onData(v as never) }));
  return { ...c, values: c.events as unknown as VisitFigures[], last: () => (c.events as unknown as VisitFigures[]).at(-1) };
}

function liveView(client: TestClient, shopId: string) {
  const c = collect<LiveViewEvent>((handlers) => client.api.presence.onShop.subscribe({ shopId }, { ...handlers, onData: (v) => handlers.onData(v as never) }));
  const values = c.events as unknown as LiveViewEvent[];
  const visitors = () => values.filter((e) => e.type === 'snapshot' || e.type === 'visitors').map((e) => ('visitors' in e ? e.visitors : -1));
  return { ...c, values, visitors, currentVisitors: () => visitors().at(-1) };
}

describe('with a short grace', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ PRESENCE_GRACE_MS: '50', PRESENCE_REPORTS_PER_MINUTE: '5' });
  });
  afterAll(async () => {
    await server[Symbol.asyncDispose]();
  });

  it('counts a signed-in user once across tabs and each anonymous connection once; closed ones leave', async () => {
    await using shop = await setupShop(server.url);
    const view = liveView(shop.seller, shop.shopId);
    await view.waitFor(1);
    expect(view.values[0]).toMatchObject({ type: 'snapshot', visitors: 0, viewersByProduct: {}, team: [{ name: 'Seller', online: true }] });

    const tabA = connect(server.url, shop.buyerToken);
    const tabB = connect(server.url, shop.buyerToken);
    const a = visit(tabA, shop.shopId);
    await eventually(() => view.currentVisitors() === 1);
    const b = visit(tabB, shop.shopId);
    await b.waitFor(1);
    expect(b.last()).toEqual({ shopVisitors: 1, productViewers: null, sellerOnline: true });

    const anon1 = connect(server.url);
    const anon2 = connect(server.url);
    visit(anon1, shop.shopId);
    await eventually(() => view.currentVisitors() === 2);
    visit(anon2, shop.shopId);
    await eventually(() => view.currentVisitors() === 3);
    await eventually(() => a.last()?.shopVisitors === 3 && b.last()?.shopVisitors === 3);

    // One tab of two closing leaves the user counted; the last one closing takes them out.
    await tabA.close();
    await anon1.close();
    await eventually(() => view.currentVisitors() === 2);
    await tabB.close();
    await anon2.close();
    await eventually(() => view.currentVisitors() === 0);
    // Never counted twice on the way.
    expect(Math.max(...view.visitors())).toBe(3);
  });

  it('counts product viewers, reports them to the live view as activity, and tells visitors whether a seller is online', async () => {
    await using shop = await setupShop(server.url, [{ name: 'Kettle' }, { name: 'Mug' }]);
    const [kettle, mug] = shop.products.map((p) => p.id);
    const sellerTab = connect(server.url, shop.sellerToken);
    const view = liveView(sellerTab, shop.shopId);
    await view.waitFor(1);

    const onKettle = visit(shop.buyer, shop.shopId, kettle);
    await eventually(() => onKettle.last()?.productViewers === 1);
    expect(onKettle.last()).toEqual({ shopVisitors: 1, productViewers: 1, sellerOnline: true });
    const anon = connect(server.url);
    const onMug = visit(anon, shop.shopId, mug);
    await eventually(() => onMug.last()?.shopVisitors === 2 && onKettle.last()?.shopVisitors === 2);
    expect(onMug.last()?.productViewers).toBe(1);
    await eventually(() => view.values.some((e) => e.type === 'visitors' && e.visitors === 2 && e.viewersByProduct[kettle ?? ''] === 1 && e.viewersByProduct[mug ?? ''] === 1));
    const activity = view.values.filter((e) => e.type === 'activity');
    expect(activity.map((e) => e.type === 'activity' && [e.kind, e.productId])).toEqual([
      ['viewing_product', kettle],
      ['viewing_product', mug],
    ]);

    // The seller goes: visitors hear it once the grace has passed, the live view of another member too.
    await shop.seller.close();
    await sellerTab.close();
    await eventually(() => onKettle.last()?.sellerOnline === false && onMug.last()?.sellerOnline === false);
    await anon.close();
  });

  it('tells the live view when a member comes online and goes offline, once per person', async () => {
    await using shop = await setupShop(server.url);
    // A second member, as team.add would write it.
    const colleague = await registerSeller(shop.buyer.api);
    await server.app.deps.db.insertInto('shop_sellers').values({ shop_id: shop.shopId, user_id: colleague.user.id, role: 'manager' }).execute();
    const view = liveView(shop.seller, shop.shopId);
    await view.waitFor(1);
    expect(view.values[0]).toMatchObject({ type: 'snapshot', team: expect.arrayContaining([{ userId: colleague.user.id, name: 'Seller', online: false }]) as unknown });

    const phone = connect(server.url, colleague.token);
    const laptop = connect(server.url, colleague.token);
    await phone.api.shop.list.query();
    await laptop.api.shop.list.query();
    await eventually(() => view.values.some((e) => e.type === 'member_online'));
    await phone.close();
    // The seller watching on a second device is no news either: they were online already.
    const again = connect(server.url, shop.sellerToken);
    await again.api.shop.list.query();
    await again.close();
    await laptop.close();
    await eventually(() => view.values.some((e) => e.type === 'member_offline'));
    expect(view.values.filter((e) => e.type === 'member_online' || e.type === 'member_offline')).toEqual([
      { type: 'member_online', userId: colleague.user.id },
      { type: 'member_offline', userId: colleague.user.id },
    ]);
  });

  it('answers FORBIDDEN to a buyer and to a seller of another shop, UNAUTHORIZED to nobody', async () => {
    await using shop = await setupShop(server.url);
    const buyer = liveView(shop.buyer, shop.shopId);
    await buyer.started;
    expect(codeOf(buyer.errors[0])).toBe('FORBIDDEN');
    const otherSeller = connect(server.url, (await registerSeller(shop.buyer.api)).token);
    const stranger = liveView(otherSeller, shop.shopId);
    await stranger.started;
    expect(codeOf(stranger.errors[0])).toBe('FORBIDDEN');
    const anon = connect(server.url);
    const nobody = liveView(anon, shop.shopId);
    await nobody.started;
    expect(codeOf(nobody.errors[0])).toBe('UNAUTHORIZED');
    expect(buyer.values).toEqual([]);
    await otherSeller.close();
    await anon.close();
  });

  it('report: reaches the live view as activity, and is limited per connection', async () => {
    await using shop = await setupShop(server.url);
    const productId = shop.products[0]?.id;
    const view = liveView(shop.seller, shop.shopId);
    await view.waitFor(1);
    const anon = connect(server.url);
    expect(await anon.api.presence.report.mutate({ shopId: shop.shopId, kind: 'added_to_cart', productId })).toEqual({ ok: true });
    await anon.api.presence.report.mutate({ shopId: shop.shopId, kind: 'checkout_started' });
    await eventually(() => view.values.filter((e) => e.type === 'activity').length === 2);
    expect(view.values.slice(1)).toMatchObject([
      { type: 'activity', kind: 'added_to_cart', productId },
      { type: 'activity', kind: 'checkout_started', productId: null },
    ]);
    expect(view.values[1]?.type === 'activity' && view.values[1].at).toBeInstanceOf(Date);

    // PRESENCE_REPORTS_PER_MINUTE is 5 on this server: 3 more pass, the next is refused.
    for (let i = 0; i < 3; i++) await anon.api.presence.report.mutate({ shopId: shop.shopId, kind: 'added_to_cart' });
    expect(await errorCode(anon.api.presence.report.mutate({ shopId: shop.shopId, kind: 'added_to_cart' }))).toBe('TOO_MANY_REQUESTS');
    // Another connection has its own allowance.
    expect(await shop.buyer.api.presence.report.mutate({ shopId: shop.shopId, kind: 'added_to_cart' })).toEqual({ ok: true });
    await eventually(() => view.values.filter((e) => e.type === 'activity').length === 6);
    await anon.close();
  });

  it('refuses bad input with a clear error and counts nobody', async () => {
    await using shop = await setupShop(server.url);
    const other = await setupShop(server.url);
    const view = liveView(shop.seller, shop.shopId);
    await view.waitFor(1);
    const anon = connect(server.url);

    const unknownShop = visit(anon, 'no-such-shop');
    await unknownShop.started;
    expect(codeOf(unknownShop.errors[0])).toBe('NOT_FOUND');
    const foreignProduct = visit(anon, shop.shopId, other.products[0]?.id);
    await foreignProduct.started;
    expect(codeOf(foreignProduct.errors[0])).toBe('NOT_FOUND');
    const slashed = visit(anon, `${shop.shopId}/x`);
    await slashed.started;
    expect(codeOf(slashed.errors[0])).toBe('BAD_REQUEST');

    expect(await zodIssues(anon.api.presence.report.mutate({ shopId: shop.shopId, kind: 'viewing_product' as never }))).toMatchObject([{ path: ['kind'] }]);
    expect(await zodIssues(anon.api.presence.report.mutate({ shopId: '', kind: 'added_to_cart' }))).toMatchObject([{ path: ['shopId'] }]);
    expect(await errorCode(anon.api.presence.report.mutate({ shopId: shop.shopId, kind: 'added_to_cart', productId: other.products[0]?.id }))).toBe('NOT_FOUND');
    expect(await errorCode(anon.api.presence.report.mutate({ shopId: 'no-such-shop', kind: 'added_to_cart' }))).toBe('NOT_FOUND');

    // Something that does count, so the checks above had the time to be wrongly counted.
    visit(shop.buyer, shop.shopId);
    await eventually(() => view.currentVisitors() === 1);
    expect(view.visitors()).toEqual([0, 1]);
    expect(view.values.filter((e) => e.type === 'activity')).toEqual([]);
    await anon.close();
    await other[Symbol.asyncDispose]();
  });
});

describe('with the grace of 15 s', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ PRESENCE_GRACE_MS: '15000' });
  });
  afterAll(async () => {
    await server[Symbol.asyncDispose]();
  });

  it('a reconnect within the grace does not flicker the counts', async () => {
    await using shop = await setupShop(server.url);
    const view = liveView(shop.seller, shop.shopId);
    await view.waitFor(1);
    const buyerVisit = visit(shop.buyer, shop.shopId);
    await eventually(() => view.currentVisitors() === 1);
    const before = buyerVisit.values.length;

    // The server drops the buyer's socket; the client reconnects by itself and visits again.
    const buyerId = shop.buyerId;
    const dropped = server.app.deps.connections.closeWhere((c) => c.user?.userId === buyerId, 1012, 'test drops it');
    expect(dropped).toBe(1);
    await eventually(() => buyerVisit.values.length > before);
    expect(buyerVisit.last()).toEqual({ shopVisitors: 1, productViewers: null, sellerOnline: true });

    // A later change, so whatever the drop caused has reached the live view before we look.
    const anon = connect(server.url);
    visit(anon, shop.shopId);
    await eventually(() => view.currentVisitors() === 2);
    expect(view.visitors()).toEqual([0, 1, 2]);
    await anon.close();
  });

  it("counts an anonymous browser once across its tabs by its visitor id, and its reconnect does not flicker the count", async () => {
    await using shop = await setupShop(server.url);
    const view = liveView(shop.seller, shop.shopId);
    await view.waitFor(1);
    const browserTab = () => {
      const client = createShopwireClient({ url: server.url, token: () => null, WebSocket, visitorId: () => 'browser-visitor-0001' });
      return { api: client.api, close: () => client.close(), [Symbol.asyncDispose]: () => client.close() };
    };
    const [tab1, tab2] = [browserTab(), browserTab()];
    const first = visit(tab1, shop.shopId);
    visit(tab2, shop.shopId);
    await eventually(() => server.app.deps.connections.size() >= 3);
    await eventually(() => first.values.length > 0 && view.currentVisitors() === 1);
    const before = first.values.length;

    // The server drops one tab's socket; it reconnects with the same visitor id and visits again.
    const dropped = server.app.deps.connections.closeWhere((c) => c.visitorId === 'browser-visitor-0001' && c.user === null, 1012, 'test drops them');
    expect(dropped).toBe(2);
    await eventually(() => first.values.length > before);
    const other = connect(server.url);
    visit(other, shop.shopId);
    await eventually(() => view.currentVisitors() === 2);
    expect(view.visitors()).toEqual([0, 1, 2]);
    await Promise.all([tab1.close(), tab2.close(), other.close()]);
  });
});

describe('across a restart', () => {
  it('rebuilds the counts from the connections that come back, counting nobody twice', async () => {
    const first = await startTestServer({ PRESENCE_GRACE_MS: '50' });
    const { port } = new URL(first.url);
    const shop = await setupShop(first.url);
    const browser = createShopwireClient({ url: first.url, token: () => null, WebSocket, visitorId: () => 'browser-visitor-0002' });
    const view = liveView(shop.seller, shop.shopId);
    await view.waitFor(1);
    visit(shop.buyer, shop.shopId);
    visit({ api: browser.api, close: () => browser.close(), [Symbol.asyncDispose]: () => browser.close() }, shop.shopId);
    await eventually(() => view.currentVisitors() === 2);

    const beforeRestart = view.values.length;
    await first.app.stop();
    // Same port, same database (and so the same signing secret): the clients come back by themselves.
    const again = await startApp({
      config: loadConfig({ PORT: port, ...first.databaseEnv, SEED_DEMO: 'false', LOG_LEVEL: 'silent', STATIC_DIR: join(first.dir, 'no-client'), PRESENCE_GRACE_MS: '50' }),
      logger: pino({ level: 'silent' }),
    });
    try {
      const since = () => view.values.slice(beforeRestart).flatMap((e) => (e.type === 'snapshot' || e.type === 'visitors' ? [e.visitors] : []));
      await eventually(() => view.values.slice(beforeRestart).some((e) => e.type === 'snapshot'), 10_000);
      await eventually(() => since().at(-1) === 2, 10_000);
      // Nothing was stored: the new process counts exactly the visits that reconnected to it, never more.
      expect(Math.max(...since())).toBe(2);
    } finally {
      await Promise.all([shop[Symbol.asyncDispose](), browser.close()]);
      await again.stop();
      rmSync(first.dir, { recursive: true, force: true });
    }
  });
});
