import { expect, it } from 'vitest';
import type { DashboardEvent } from '../../src/shared/events.js';
import { connect, errorCode, registerBuyer } from '../support/clients.js';
import { setupShop } from '../support/fixtures.js';
import { collect, eventually } from '../support/subscriptions.js';
import { openTcpProxy } from '../support/tcpProxy.js';
import { metric, openTestCluster, watchShop, REDIS_URL, shopEventIds, startPrivateRedis, testRedis, traffic } from './support.js';

it('a broker outage during traffic loses nothing: instances read the log meanwhile, then go back to the stream by themselves', async () => {
  // The broker itself stays up (it is the machine's): a TCP relay in front of it is cut, every connection through it with it.
  await using relay = await openTcpProxy(REDIS_URL, 6379);
  await using cluster = await openTestCluster();
  const [one, two, three] = await Promise.all([0, 1, 2].map(() => cluster.start({ busUrl: relay.url })));
  if (!one || !two || !three) throw new Error('instances did not start');

  await using shop = await setupShop(one.url, [{ stock: 100_000 }]);
  await using watching = await watchShop(shop, one, three);
  const { cursor, dash, dashSse } = watching;

  await using buyerOnTwo = connect(two.url, shop.buyerToken, 'http');
  await using buyerOnThree = connect(three.url, shop.buyerToken, 'http');
  const orders = traffic([buyerOnTwo, buyerOnThree], shop.shopId, shop.products[0]?.id ?? '');
  await eventually(() => orders.acknowledged.length >= 10, 10_000);

  await relay.cut();
  for (const app of [one, two, three]) await eventually(async () => (await metric(app, 'shopwire_bus_degraded')) === 1, 10_000);
  expect(await (await fetch(`${one.url}/health`)).json()).toMatchObject({ status: 'ok', bus: 'log' });
  // Still live while the broker is away: the orders of the outage reach the dashboard from the log.
  const atCut = dash.events.length;
  await eventually(() => dash.events.length >= atCut + 10, 10_000);

  await relay.restore();
  for (const app of [one, two, three]) await eventually(async () => (await metric(app, 'shopwire_bus_degraded')) === 0, 15_000);
  expect(await (await fetch(`${one.url}/health`)).json()).toMatchObject({ status: 'ok', bus: 'stream' });
  const atRestore = orders.acknowledged.length;
  await eventually(() => orders.acknowledged.length >= atRestore + 10, 10_000);
  await orders.stop();

  const expected = await shopEventIds(cluster, shop.shopId, cursor);
  for (const stream of [dash, dashSse]) {
    const got = await stream.waitFor(expected.length, 15_000);
    expect(got.map((e) => e.id)).toEqual(expected);
  }
  const placed = dash.events.flatMap((e) => (e.data.type === 'new_order' ? [e.data.order.id] : []));
  expect(placed.toSorted()).toEqual(orders.acknowledged.toSorted());
  expect(await metric(one, 'shopwire_bus_fallbacks_total')).toBe(1);
  await new Promise((resolve) => setTimeout(resolve, 700));
  expect(dash.events).toHaveLength(expected.length);
  expect(dashSse.events).toHaveLength(expected.length);
});

it('a real broker restart during traffic (SIGKILL, then an empty one on the same port) loses nothing: the instances read the log meanwhile and go back to the new, empty stream by themselves', async () => {
  await using broker = await startPrivateRedis();
  await using cluster = await openTestCluster({ redisUrl: broker.url });
  const [one, two, three] = await Promise.all([0, 1, 2].map(() => cluster.start()));
  if (!one || !two || !three) throw new Error('instances did not start');

  await using shop = await setupShop(one.url, [{ stock: 100_000 }]);
  await using watching = await watchShop(shop, one, one);
  const { cursor, dash, dashSse } = watching;

  await using buyerOnTwo = connect(two.url, shop.buyerToken, 'http');
  await using buyerOnThree = connect(three.url, shop.buyerToken, 'http');
  const orders = traffic([buyerOnTwo, buyerOnThree], shop.shopId, shop.products[0]?.id ?? '');
  await eventually(() => orders.acknowledged.length >= 10, 10_000);
  // The stream is in use before the restart: its newest id is well above 0.
  {
    const redis = await testRedis(broker.url);
    expect(await redis.xLen(`${cluster.prefix}events`)).toBeGreaterThan(0);
    redis.destroy();
  }

  await broker.kill();
  for (const app of [one, two, three]) await eventually(async () => (await metric(app, 'shopwire_bus_degraded')) === 1, 10_000);
  expect(await (await fetch(`${one.url}/health`)).json()).toMatchObject({ status: 'ok', bus: 'log' });
  const atKill = dash.events.length;
  await eventually(() => dash.events.length >= atKill + 10, 10_000);

  // Empty: the stream is gone, its newest id back to nothing, while every reader is far past 0.
  await broker.start();
  for (const app of [one, two, three]) await eventually(async () => (await metric(app, 'shopwire_bus_degraded')) === 0, 15_000);
  expect(await (await fetch(`${one.url}/health`)).json()).toMatchObject({ status: 'ok', bus: 'stream' });
  const atRestart = orders.acknowledged.length;
  await eventually(() => orders.acknowledged.length >= atRestart + 10, 10_000);
  await orders.stop();

  const expected = await shopEventIds(cluster, shop.shopId, cursor);
  for (const stream of [dash, dashSse]) {
    const got = await stream.waitFor(expected.length, 15_000);
    expect(got.map((e) => e.id)).toEqual(expected);
  }
  const placed = dash.events.flatMap((e) => (e.data.type === 'new_order' ? [e.data.order.id] : []));
  expect(placed.toSorted()).toEqual(orders.acknowledged.toSorted());
  // After the restart the events went through the new broker's stream, not the log alone.
  {
    const redis = await testRedis(broker.url);
    const ids = ((await redis.xRange(`${cluster.prefix}events`, '-', '+')) ?? []).map((entry) => entry.id.split('-')[0]);
    redis.destroy();
    expect(ids).toContain(expected.at(-1));
  }
  for (const app of [one, two, three]) expect(await metric(app, 'shopwire_bus_fallbacks_total')).toBe(1);
  await new Promise((resolve) => setTimeout(resolve, 700));
  expect(dash.events).toHaveLength(expected.length);
  expect(dashSse.events).toHaveLength(expected.length);
});

it('an instance that committed but could not publish (cut off from the broker, then stopped) loses nothing: another instance relays its events', async () => {
  await using relay = await openTcpProxy(REDIS_URL, 6379);
  await using cluster = await openTestCluster();
  const cutOff = await cluster.start({ busUrl: relay.url });
  const [two, three] = await Promise.all([cluster.start(), cluster.start()]);
  if (!two || !three) throw new Error('instances did not start');

  await using shop = await setupShop(three.url, [{ stock: 1_000 }]);
  const { cursor } = await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId });
  await using onThree = connect(three.url, shop.sellerToken);
  const dash = collect<DashboardEvent>((h) => onThree.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId, lastEventId: cursor }, h));
  await dash.started;

  await relay.cut();
  await eventually(async () => (await metric(cutOff, 'shopwire_bus_degraded')) === 1, 10_000);
  const placed: string[] = [];
  {
    await using buyer = connect(cutOff.url, shop.buyerToken, 'http');
    for (let i = 0; i < 5; i++) placed.push((await buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: shop.products[0]?.id ?? '', quantity: 1 }] })).id);
  }
  // It dies with its events committed and never appended to the stream by it.
  await cluster.stop(cutOff);

  const expected = await shopEventIds(cluster, shop.shopId, cursor);
  const got = await dash.waitFor(expected.length, 10_000);
  expect(got.map((e) => e.id)).toEqual(expected);
  expect(got.flatMap((e) => (e.data.type === 'new_order' ? [e.data.order.id] : []))).toEqual(placed);
  // Those positions are in the stream: the other instances' relays put them there.
  const redis = await testRedis();
  try {
    const ids = ((await redis.xRange(`${cluster.prefix}events`, "-", "+")) ?? []).map((entry) => entry.id.split("-")[0]);
    for (const id of expected) expect(ids).toContain(id);
  } finally {
    redis.destroy();
  }
});

it('a silent cut (the network drops everything, no socket closes) degrades an instance to the log within seconds, once, and it comes back by itself when the broker answers again', async () => {
  await using cluster = await openTestCluster();
  await using proxy = await openTcpProxy(cluster.env['BUS_URL'] ?? '', 6379);
  const logLines: string[] = [];
  const one = await cluster.start({ busUrl: proxy.url, logLines });
  const [two, three] = await Promise.all([cluster.start(), cluster.start()]);
  if (!two || !three) throw new Error('instances did not start');

  await using shop = await setupShop(two.url, [{ stock: 100_000 }]);
  const { cursor } = await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId });
  await using onOne = connect(one.url, shop.sellerToken);
  const dash = collect<DashboardEvent>((h) => onOne.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId, lastEventId: cursor }, h));
  await dash.started;

  await using buyerOnTwo = connect(two.url, shop.buyerToken, 'http');
  await using buyerOnThree = connect(three.url, shop.buyerToken, 'http');
  const orders = traffic([buyerOnTwo, buyerOnThree], shop.shopId, shop.products[0]?.id ?? '');
  await eventually(() => orders.acknowledged.length >= 10, 10_000);

  await using anon = connect(one.url, null, 'http');
  const { user } = await registerBuyer(anon.api);

  proxy.blackhole();
  await eventually(async () => (await metric(one, 'shopwire_bus_degraded')) === 1, 10_000);
  expect(await (await fetch(`${one.url}/health`)).json()).toMatchObject({ status: 'ok', bus: 'log' });
  const atCut = dash.events.length;
  await eventually(() => dash.events.length >= atCut + 10, 10_000);
  // It stays on the log while the broker does not answer: no going back and forth.
  await new Promise((resolve) => setTimeout(resolve, 6_000));
  expect(await metric(one, 'shopwire_bus_degraded')).toBe(1);
  expect(await metric(one, 'shopwire_bus_fallbacks_total')).toBe(1);
  for (const app of [two, three]) expect(await metric(app, 'shopwire_bus_degraded')).toBe(0);
  // Nothing else waits on the silent broker either: sign-in throttling counts on this instance alone meanwhile,
  // and presence counts this instance's visitors.
  expect(await errorCode(anon.api.auth.login.mutate({ email: user.email, password: 'not-the-password' }))).toBe('UNAUTHORIZED');
  const seen: { type: string; visitors?: number }[] = [];
  const watch = onOne.api.presence.onShop.subscribe({ shopId: shop.shopId }, { onData: (event) => seen.push(event) });
  await using visitor = connect(one.url, shop.buyerToken);
  const visit = visitor.api.presence.visit.subscribe({ shopId: shop.shopId }, { onData: () => undefined });
  await eventually(() => seen.some((e) => e.type === 'visitors' && e.visitors === 1), 10_000);
  visit.unsubscribe();
  watch.unsubscribe();

  proxy.heal();
  await eventually(async () => (await metric(one, 'shopwire_bus_degraded')) === 0, 15_000);
  expect(await (await fetch(`${one.url}/health`)).json()).toMatchObject({ status: 'ok', bus: 'stream' });
  const atHeal = orders.acknowledged.length;
  await eventually(() => orders.acknowledged.length >= atHeal + 10, 10_000);
  await orders.stop();

  const expected = await shopEventIds(cluster, shop.shopId, cursor);
  expect((await dash.waitFor(expected.length, 15_000)).map((e) => e.id)).toEqual(expected);
  expect(await metric(one, 'shopwire_bus_fallbacks_total')).toBe(1);
  const warnings = logLines.map((line) => JSON.parse(line) as { level: number; msg: string }).filter((line) => line.level === 40 && line.msg.includes('cannot be used'));
  expect(warnings).toHaveLength(1);
  await new Promise((resolve) => setTimeout(resolve, 700));
  expect(dash.events).toHaveLength(expected.length);
}, 60_000);
