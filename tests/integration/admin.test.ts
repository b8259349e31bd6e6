import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Announcement } from '../../src/shared/announcements.js';
import { startApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { connect, errorCode, registerBuyer, registerSeller, zodIssues, type TestClient } from '../support/clients.js';
import { createTestDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { collect, eventually } from '../support/subscriptions.js';

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';
let server: TestServer;
let anon: TestClient;
let admin: TestClient;
let adminId: string;

beforeAll(async () => {
  server = await startTestServer({ ADMIN_EMAILS: ' Ops@Example.test , second-ops@example.test', METRICS_TOKEN });
  anon = connect(server.url);
  // Signing up with a listed email makes an operator account, whatever role was asked for (and no shop).
  const signedUp = await anon.api.auth.register.mutate({ email: 'ops@example.test', password: 'password-123', name: 'Olga Ops', role: 'seller', shopName: 'Not made' });
  expect(signedUp.user).toMatchObject({ role: 'admin', shopIds: [] });
  adminId = signedUp.user.id;
  admin = connect(server.url, signedUp.token);
});
afterAll(async () => {
  await Promise.all([anon.close(), admin.close()]);
  await server[Symbol.asyncDispose]();
});

const inAMinute = () => new Date(Date.now() + 60_000);

describe('announcements', () => {
  it('admin.announce reaches everyone live (signed in or not) and system.announcements lists it with a cursor', async () => {
    const before = await anon.api.system.announcements.query();
    const live = collect<Announcement>((h) => anon.api.system.onAnnouncement.subscribe({ lastEventId: before.eventCursor }, h));
    await live.started;
    const made = await admin.api.admin.announce.mutate({ title: 'Card payments slow', body: 'Our provider is slow; orders still go through.', severity: 'warning' });
    expect(made).toMatchObject({ title: 'Card payments slow', severity: 'warning', endsAt: null });
    expect(made.createdAt).toBeInstanceOf(Date);
    const [event] = await live.waitFor(1);
    expect(event?.data).toEqual(made);
    expect(Number(event?.id)).toBeGreaterThan(Number(before.eventCursor));

    const after = await anon.api.system.announcements.query();
    expect(after.items[0]).toEqual(made);
    // Past it: the same change also told every account (notifications), in later ids.
    expect(Number(after.eventCursor)).toBeGreaterThanOrEqual(Number(event?.id));
    live.unsubscribe();

    // A subscriber that was away replays it from its cursor.
    const late = collect<Announcement>((h) => anon.api.system.onAnnouncement.subscribe({ lastEventId: before.eventCursor }, h));
    expect((await late.waitFor(1))[0]?.data).toEqual(made);
    late.unsubscribe();
  });

  it("puts an announcement in every account's notifications too, live on their own stream", async () => {
    const buyer = await registerBuyer(anon.api);
    const seller = await registerSeller(anon.api);
    await using buyerClient = connect(server.url, buyer.token);
    await using sellerClient = connect(server.url, seller.token);
    const { eventCursor } = await buyerClient.api.notification.list.query({});
    const stream = collect<{ type: string }>((h) => buyerClient.api.notification.onNotification.subscribe({ lastEventId: eventCursor }, h));
    await stream.started;
    const made = await admin.api.admin.announce.mutate({ title: 'Planned upgrade', body: 'Back in ten minutes.', severity: 'info' });
    const [arrived] = await stream.waitFor(1);
    expect(arrived?.data).toMatchObject({ type: 'notification', notification: { kind: 'announcement', title: made.title, body: made.body, link: null, readAt: null } });
    for (const client of [buyerClient, sellerClient]) {
      const list = await client.api.notification.list.query({});
      expect(list.items.filter((n) => n.kind === 'announcement').map((n) => n.title)).toContain('Planned upgrade');
      expect(list.unreadCount).toBeGreaterThanOrEqual(1);
    }
    stream.unsubscribe();
  });

  it('a maintenance notice needs endsAt in the future, and leaves the current list once it has ended', async () => {
    const endsAt = new Date(Date.now() + 1_500);
    const notice = await admin.api.admin.announce.mutate({ title: 'Maintenance', body: 'Read-only for 5 minutes.', severity: 'maintenance', endsAt });
    expect(notice.endsAt).toEqual(endsAt);
    expect((await anon.api.system.announcements.query()).items.map((a) => a.id)).toContain(notice.id);
    await eventually(async () => !(await anon.api.system.announcements.query()).items.some((a) => a.id === notice.id), 10_000);
  });

  it('refuses bad input in words and writes nothing', async () => {
    const before = await anon.api.system.announcements.query();
    expect(await zodIssues(admin.api.admin.announce.mutate({ title: 'Down', body: 'Soon.', severity: 'maintenance' }))).toMatchObject([
      { path: ['endsAt'], message: 'A maintenance announcement must say when it ends (endsAt)' },
    ]);
    const past = admin.api.admin.announce.mutate({ title: 'Down', body: 'Soon.', severity: 'info', endsAt: new Date(Date.now() - 1_000) });
    expect(await errorCode(past)).toBe('BAD_REQUEST');
    expect(await zodIssues(admin.api.admin.announce.mutate({ title: '  ', body: 'x', severity: 'info' }))).toMatchObject([{ path: ['title'] }]);
    expect(await zodIssues(admin.api.admin.announce.mutate({ title: 'x', body: 'x', severity: 'urgent' as never }))).toMatchObject([{ path: ['severity'] }]);
    expect(await anon.api.system.announcements.query()).toEqual(before);
  });

  it('is for admins only', async () => {
    const seller = connect(server.url, (await registerSeller(anon.api)).token);
    const buyer = connect(server.url, (await registerBuyer(anon.api)).token);
    const input = { title: 'Hi', body: 'Hello', severity: 'info' as const, endsAt: inAMinute() };
    expect(await errorCode(seller.api.admin.announce.mutate(input))).toBe('FORBIDDEN');
    expect(await errorCode(buyer.api.admin.announce.mutate(input))).toBe('FORBIDDEN');
    expect(await errorCode(anon.api.admin.announce.mutate(input))).toBe('UNAUTHORIZED');
    for (const client of [seller, buyer]) {
      expect(await errorCode(client.api.admin.stats.query())).toBe('FORBIDDEN');
      expect(await errorCode(client.api.admin.userStatus.query({ userId: adminId }))).toBe('FORBIDDEN');
    }
    expect(await errorCode(anon.api.admin.stats.query())).toBe('UNAUTHORIZED');
    // Nobody may sign up as admin by asking.
    expect(await zodIssues(anon.api.auth.register.mutate({ email: 'x@example.test', password: 'password-123', name: 'X', role: 'admin' as never }))).toMatchObject([{ path: ['role'] }]);
    await Promise.all([seller.close(), buyer.close()]);
  });
});

describe('operators', () => {
  it('admin.stats counts connections by role, subscriptions by topic kind and online users; userStatus tells one user', async () => {
    const buyer = await registerBuyer(anon.api);
    const tabs = [connect(server.url, buyer.token), connect(server.url, buyer.token)];
    await Promise.all(tabs.map((t) => t.api.shop.list.query()));
    const watching = collect<Announcement>((h) => anon.api.system.onAnnouncement.subscribe({}, h));
    await watching.started;
    await admin.api.shop.list.query();

    const stats = await admin.api.admin.stats.query();
    expect(stats.instances).toBe(1);
    expect(stats.connectionsByRole.buyer).toBeGreaterThanOrEqual(2);
    expect(stats.connectionsByRole.admin).toBeGreaterThanOrEqual(1);
    expect(stats.connectionsByRole.anonymous).toBeGreaterThanOrEqual(1);
    const { anonymous, buyer: buyers, seller, admin: admins } = stats.connectionsByRole;
    expect(anonymous + buyers + seller + admins).toBe(stats.connections);
    expect(stats.subscriptionsByTopicKind['announcements']).toBeGreaterThanOrEqual(1);
    expect(stats.onlineUsers).toBeGreaterThanOrEqual(2);

    expect(await admin.api.admin.userStatus.query({ userId: buyer.user.id })).toEqual({ online: true, connections: 2 });
    await tabs[0]?.close();
    await eventually(async () => (await admin.api.admin.userStatus.query({ userId: buyer.user.id })).connections === 1);
    await tabs[1]?.close();
    await eventually(async () => !(await admin.api.admin.userStatus.query({ userId: buyer.user.id })).online);
    expect(await admin.api.admin.userStatus.query({ userId: buyer.user.id })).toEqual({ online: false, connections: 0 });
    const after = await admin.api.admin.stats.query();
    expect(after.connectionsByRole.buyer).toBe(stats.connectionsByRole.buyer - 2);

    watching.unsubscribe();
    await eventually(async () => ((await admin.api.admin.stats.query()).subscriptionsByTopicKind['announcements'] ?? 0) === (stats.subscriptionsByTopicKind['announcements'] ?? 0) - 1);
  });

  it('userStatus: an unknown user is NOT_FOUND, a malformed id BAD_REQUEST', async () => {
    expect(await errorCode(admin.api.admin.userStatus.query({ userId: 'nobody' }))).toBe('NOT_FOUND');
    expect(await zodIssues(admin.api.admin.userStatus.query({ userId: '' }))).toMatchObject([{ path: ['userId'] }]);
  });

  it('GET /metrics answers only with the METRICS_TOKEN bearer', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-wrong-token-wrong' } })).status).toBe(401);
    const ok = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('shopwire_ws_connections');
  });
});

describe('ADMIN_EMAILS at start', () => {
  it('makes a listed account admin, and an unlisted admin a buyer or seller again; their old tokens are refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shopwire-admin-'));
    await using database = await createTestDatabase({ dir });
    const start = (ADMIN_EMAILS: string) =>
      startApp({ config: loadConfig({ PORT: '0', ...database.env, SEED_DEMO: 'false', LOG_LEVEL: 'silent', ADMIN_EMAILS }), logger: pino({ level: 'silent' }) });
    try {
      let app = await start('');
      let client = connect(app.url);
      const seller = await client.api.auth.register.mutate({ email: 'later-ops@example.test', password: 'password-123', name: 'Later', role: 'seller', shopName: 'Kept' });
      await client.close();
      await app.stop();

      app = await start('later-ops@example.test');
      client = connect(app.url, seller.token);
      expect(await errorCode(client.api.auth.me.query())).toBe('UNAUTHORIZED');
      await client.close();
      client = connect(app.url);
      const promoted = await client.api.auth.login.mutate({ email: 'later-ops@example.test', password: 'password-123' });
      expect(promoted.user.role).toBe('admin');
      await client.close();
      await app.stop();

      app = await start('');
      client = connect(app.url);
      const back = await client.api.auth.login.mutate({ email: 'later-ops@example.test', password: 'password-123' });
      expect(back.user).toMatchObject({ role: 'seller', shopIds: seller.user.shopIds });
      await client.close();
      await app.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});


it('the demo seed makes admin@shopwire.test an operator', async () => {
  await using demo = await startTestServer({ SEED_DEMO: 'true' });
  const client = connect(demo.url);
  const { token, user } = await client.api.auth.login.mutate({ email: 'admin@shopwire.test', password: 'demo-admin-pass' });
  expect(user.role).toBe('admin');
  const admin = connect(demo.url, token);
  expect((await admin.api.admin.stats.query()).instances).toBe(1);
  await Promise.all([client.close(), admin.close()]);
});
