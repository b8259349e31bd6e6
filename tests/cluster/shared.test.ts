import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../src/server/app.js';
import { connect, errorCode, registerBuyer } from '../support/clients.js';
import { setupShop } from '../support/fixtures.js';
import { answersTo, openRaw } from '../support/rawSocket.js';
import { eventually } from '../support/subscriptions.js';
import { openTestCluster, testRedis, type TestCluster } from './support.js';

const adminEmail = `admin-${randomUUID().slice(0, 8)}@example.test`;
let cluster: TestCluster;
let a: App, b: App, c: App;
beforeAll(async () => {
  cluster = await openTestCluster();
  [a, b, c] = await Promise.all([0, 1, 2].map(() => cluster.start({ env: { ADMIN_EMAILS: adminEmail, PRESENCE_REPORTS_PER_MINUTE: '4' } }))) as [App, App, App];
});
afterAll(() => cluster[Symbol.asyncDispose]());

const wsUrl = (app: App) => `${app.url.replace(/^http/, 'ws')}/trpc?connectionParams=1`;

it('auth.logout on instance A closes that token’s socket on instance B with 4401 within 5 s, and every instance refuses the token after', async () => {
  await using anon = connect(a.url, null, 'http');
  const { token } = await registerBuyer(anon.api);
  const raw = await openRaw(wsUrl(b));
  raw.send({ method: 'connectionParams', data: { token } });
  raw.send({ id: 1, method: 'query', params: { path: 'auth.me', input: { json: undefined } } });
  await eventually(() => answersTo(raw.messages, 1).length > 0);
  expect(answersTo(raw.messages, 1)[0]).toHaveProperty('result');
  // B has verified (and cached) the token: the sign-out must reach that cache too.
  await using onB = connect(b.url, token, 'http');
  await onB.api.auth.me.query();

  await using onA = connect(a.url, token, 'http');
  const started = Date.now();
  await onA.api.auth.logout.mutate();
  expect(await raw.closed).toBe(4401);
  expect(Date.now() - started).toBeLessThan(5_000);
  for (const app of [a, b, c]) {
    await using client = connect(app.url, token, 'http');
    expect(await errorCode(client.api.auth.me.query())).toBe('UNAUTHORIZED');
  }
});

it('presence counts visitors across instances: two buyers on A and B are two visitors to the seller watching on C', async () => {
  await using shop = await setupShop(a.url);
  await using other = connect(a.url, null, 'http');
  const second = await registerBuyer(other.api);
  await using sellerOnC = connect(c.url, shop.sellerToken);
  const seen: { type: string; visitors?: number }[] = [];
  const watch = sellerOnC.api.presence.onShop.subscribe({ shopId: shop.shopId }, { onData: (event) => seen.push(event) });
  // Running before anyone visits, so the counts below reach C as signals from A and B, not in its snapshot.
  await eventually(() => seen[0]?.type === 'snapshot');
  await using buyerOnA = connect(a.url, shop.buyerToken);
  await using buyerOnB = connect(b.url, second.token);
  const visits = [buyerOnA, buyerOnB].map((client) => client.api.presence.visit.subscribe({ shopId: shop.shopId }, { onData: () => undefined }));
  await eventually(() => seen.some((e) => e.type === 'visitors' && e.visitors === 2), 10_000);

  // And a new watcher on any instance starts from the shared count.
  await using sellerOnB = connect(b.url, shop.sellerToken);
  const snapshots: { type: string; visitors?: number }[] = [];
  const watchB = sellerOnB.api.presence.onShop.subscribe({ shopId: shop.shopId }, { onData: (event) => snapshots.push(event) });
  await eventually(() => snapshots[0]?.type === 'snapshot');
  expect(snapshots[0]?.visitors).toBe(2);

  visits[0]?.unsubscribe();
  watchB.unsubscribe();
  // The grace (PRESENCE_GRACE_MS, 10 s by default) passes before a visitor leaves the counts.
  await eventually(() => seen.at(-1)?.type === 'visitors' && seen.at(-1)?.visitors === 1, 20_000);
  visits[1]?.unsubscribe();
  watch.unsubscribe();
}, 40_000);

it('login throttling is shared: failures on A and B add up, and C refuses the account', async () => {
  await using anon = connect(a.url, null, 'http');
  const { user } = await registerBuyer(anon.api);
  const wrong = async (app: App) => {
    await using client = connect(app.url, null, 'http');
    return errorCode(client.api.auth.login.mutate({ email: user.email, password: 'not-the-password' }));
  };
  for (let i = 0; i < 5; i++) expect(await wrong(a)).toBe('UNAUTHORIZED');
  for (let i = 0; i < 5; i++) expect(await wrong(b)).toBe('UNAUTHORIZED');
  await using onC = connect(c.url, null, 'http');
  expect(await errorCode(onC.api.auth.login.mutate({ email: user.email, password: 'password-123' }))).toBe('TOO_MANY_REQUESTS');
});

it('admin.stats counts the connections and subscriptions of every instance', async () => {
  await using anon = connect(a.url, null, 'http');
  const { token } = await anon.api.auth.register.mutate({ email: adminEmail, password: 'password-123', name: 'Admin', role: 'buyer' });
  await using shop = await setupShop(b.url);
  await using dashOnB = connect(b.url, shop.sellerToken);
  const sub = dashOnB.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId }, { onData: () => undefined });
  await eventually(() => b.deps.live.counts().get('shop') === 1);
  const expected = () => {
    let connections = 0;
    let shopStreams = 0;
    for (const app of [a, b, c]) {
      connections += app.deps.connections.size();
      shopStreams += app.deps.live.counts().get('shop') ?? 0;
    }
    return { connections, shopStreams };
  };
  await using admin = connect(c.url, token, 'http');
  const stats = await admin.api.admin.stats.query();
  expect(stats.instances).toBe(3);
  expect(stats.connections).toBe(expected().connections);
  expect(stats.connections).toBeGreaterThanOrEqual(2);
  expect(stats.subscriptionsByTopicKind['shop']).toBe(expected().shopStreams);
  sub.unsubscribe();
});

it('admin.userStatus counts a user’s connections on every instance: connected on B and C, online with the right count when asked on A', async () => {
  await using anon = connect(a.url, null, 'http');
  const { token: adminToken } = await anon.api.auth.login.mutate({ email: adminEmail, password: 'password-123' }).catch(() =>
    anon.api.auth.register.mutate({ email: adminEmail, password: 'password-123', name: 'Admin', role: 'buyer' }),
  );
  const buyer = await registerBuyer(anon.api);
  await using admin = connect(a.url, adminToken, 'http');
  expect(await admin.api.admin.userStatus.query({ userId: buyer.user.id })).toEqual({ online: false, connections: 0 });

  // Two sockets on B, one on C, none on A (the asking instance).
  const sockets = [connect(b.url, buyer.token), connect(b.url, buyer.token), connect(c.url, buyer.token)];
  // Over the socket (auth.* goes over HTTP): it opens, signed in as the buyer.
  await Promise.all(sockets.map((client) => client.api.system.announcements.query()));
  const on = (app: App) => [...app.deps.connections.all()].filter((connection) => connection.user?.userId === buyer.user.id).length;
  await eventually(() => on(b) === 2 && on(c) === 1 && on(a) === 0);
  expect(await admin.api.admin.userStatus.query({ userId: buyer.user.id })).toEqual({ online: true, connections: 3 });

  await sockets[0]?.close();
  await sockets[2]?.close();
  await eventually(async () => (await admin.api.admin.userStatus.query({ userId: buyer.user.id })).connections === 1, 10_000);
  expect(await admin.api.admin.userStatus.query({ userId: buyer.user.id })).toEqual({ online: true, connections: 1 });
  await sockets[1]?.close();
  await eventually(async () => !(await admin.api.admin.userStatus.query({ userId: buyer.user.id })).online, 10_000);
  expect(await admin.api.admin.userStatus.query({ userId: buyer.user.id })).toEqual({ online: false, connections: 0 });
});

it('activity reports from one address are limited across instances (PRESENCE_REPORTS_PER_MINUTE)', async () => {
  await using shop = await setupShop(a.url);
  const report = async (app: App) => {
    await using client = connect(app.url, null, 'http');
    return client.api.presence.report.mutate({ shopId: shop.shopId, kind: 'added_to_cart' });
  };
  for (const app of [a, a, b, b]) expect(await report(app)).toEqual({ ok: true });
  await using onC = connect(c.url, null, 'http');
  expect(await errorCode(onC.api.presence.report.mutate({ shopId: shop.shopId, kind: 'added_to_cart' }))).toBe('TOO_MANY_REQUESTS');
});

it('reads the figures of an instance still on the previous version (a rolling upgrade): its signed-in users count one connection each', async () => {
  await using anon = connect(a.url, null, 'http');
  const { token: adminToken } = await anon.api.auth.login.mutate({ email: adminEmail, password: 'password-123' }).catch(() =>
    anon.api.auth.register.mutate({ email: adminEmail, password: 'password-123', name: 'Admin', role: 'buyer' }),
  );
  const buyer = await registerBuyer(anon.api);
  await using admin = connect(a.url, adminToken, 'http');
  const before = await admin.api.admin.stats.query();
  // What the previous version wrote: its users as a list, no count per user.
  const redis = await testRedis();
  const old = {
    at: Date.now(),
    stats: { instances: 1, connections: 1, connectionsByRole: { anonymous: 0, buyer: 1, seller: 0, admin: 0 }, subscriptionsByTopicKind: {}, onlineUsers: 1 },
    userIds: [buyer.user.id],
  };
  try {
    await redis.hSet(`${cluster.prefix}instances`, 'previous-version', JSON.stringify(old));
    const stats = await admin.api.admin.stats.query();
    expect(stats.instances).toBe(before.instances + 1);
    expect(stats.connections).toBe(before.connections + 1);
    expect(await admin.api.admin.userStatus.query({ userId: buyer.user.id })).toEqual({ online: true, connections: 1 });
  } finally {
    await redis.hDel(`${cluster.prefix}instances`, 'previous-version');
    redis.destroy();
  }
});
