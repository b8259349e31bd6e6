import { afterAll, expect, it } from 'vitest';
import type { DashboardEvent } from '../../src/shared/events.js';
import { connect } from '../support/clients.js';
import { openDatabaseOf } from '../support/database.js';
import { setupShop } from '../support/fixtures.js';
import { exited, freePort, spawnServer, type ServerProcess } from '../support/process.js';
import { collect, eventually } from '../support/subscriptions.js';
import { openTcpProxy } from '../support/tcpProxy.js';
import { metric, openTestCluster, shopEventIds, testRedis, traffic, watchShop } from './support.js';

const running: ServerProcess[] = [];
afterAll(() => {
  for (const p of running) p.child.kill('SIGKILL');
});

it('kill -9 of an instance mid-burst: every acknowledged order exists, every subscriber gets its events once, and a client of the dead instance resumes on another with its lastEventId', async () => {
  await using cluster = await openTestCluster();
  const spawn = async () => {
    const server = await spawnServer({ ...cluster.env, PORT: String(await freePort()) });
    running.push(server);
    return server;
  };
  // One after another: three compiling at once on a small machine can outlast the start timeout.
  const victim = await spawn();
  const two = await spawn();
  const three = await spawn();

  await using shop = await setupShop(two.url, [{ stock: 100_000 }]);
  const { cursor } = await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId });
  const subscribe = (url: string, from: string) => {
    const client = connect(url, shop.sellerToken);
    return { client, events: collect<DashboardEvent>((h) => client.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId, lastEventId: from }, h)) };
  };
  const onVictim = subscribe(victim.url, cursor);
  const onTwo = subscribe(two.url, cursor);
  const onThree = subscribe(three.url, cursor);
  await Promise.all([onVictim, onTwo, onThree].map((s) => s.events.started));

  const buyers = [victim, two, three].map((server) => connect(server.url, shop.buyerToken, 'http'));
  const orders = traffic(buyers, shop.shopId, shop.products[0]?.id ?? '');
  await eventually(() => orders.acknowledged.length >= 30, 20_000);
  victim.child.kill('SIGKILL');
  expect(await exited(victim.child)).toMatchObject({ signal: 'SIGKILL' });
  const atKill = orders.acknowledged.length;
  await eventually(() => orders.acknowledged.length >= atKill + 20, 20_000);
  await orders.stop();

  // The dashboard that was on the dead instance comes back on a live one from the last id it has.
  onVictim.events.unsubscribe();
  await onVictim.client.close();
  const resumedFrom = onVictim.events.events.at(-1)?.id ?? cursor;
  const resumed = subscribe(three.url, resumedFrom);

  const expected = await shopEventIds(cluster, shop.shopId, cursor);
  for (const s of [onTwo, onThree]) expect((await s.events.waitFor(expected.length, 20_000)).map((e) => e.id)).toEqual(expected);
  const rest = expected.slice(expected.indexOf(resumedFrom) + 1);
  const got = await resumed.events.waitFor(rest.length, 20_000);
  expect([...onVictim.events.events, ...got].map((e) => e.id)).toEqual(expected);

  // Every order a client was told of is committed, and its new_order event went out.
  const db = openDatabaseOf(cluster.env);
  const committed = (await db.selectFrom('orders').select('id').where('shop_id', '=', shop.shopId).execute()).map((r) => r.id);
  await db.destroy();
  for (const id of orders.acknowledged) expect(committed).toContain(id);
  const announced = onTwo.events.events.flatMap((e) => (e.data.type === 'new_order' ? [e.data.order.id] : []));
  expect(announced.toSorted()).toEqual(committed.toSorted());

  await new Promise((resolve) => setTimeout(resolve, 700));
  for (const s of [onTwo, onThree]) expect(s.events.events).toHaveLength(expected.length);
  expect(resumed.events.events).toHaveLength(rest.length);
  await Promise.all([...buyers, onTwo.client, onThree.client, resumed.client].map((c) => c.close()));
}, 90_000);

it('kill -9 of an instance between its commits and their publish (cut off from the broker): another instance appends them, and a dashboard on instance 1 gets every event once, in order', async () => {
  await using cluster = await openTestCluster();
  await using proxy = await openTcpProxy(cluster.env['BUS_URL'] ?? '', 6379);
  const victim = await spawnServer({ ...cluster.env, BUS_URL: proxy.url, PORT: String(await freePort()) });
  running.push(victim);
  const [one, two] = await Promise.all([cluster.start(), cluster.start()]);
  if (!one || !two) throw new Error('instances did not start');

  await using shop = await setupShop(two.url, [{ stock: 1_000 }]);
  const productId = shop.products[0]?.id ?? '';
  await using watching = await watchShop(shop, one, one);
  const { cursor, dash, dashSse } = watching;

  await using buyerOnVictim = connect(victim.url, shop.buyerToken, 'http');
  await using buyerOnTwo = connect(two.url, shop.buyerToken, 'http');
  const place = (client: typeof buyerOnTwo) => client.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity: 1 }] });
  const placed = [(await place(buyerOnVictim)).id, (await place(buyerOnTwo)).id];

  await proxy.cut();
  await eventually(async () => (await metric(victim, 'shopwire_bus_degraded')) === 1, 10_000);
  // Acknowledged, so committed; its relay cannot append them; then it dies without a goodbye.
  const cutOff: string[] = [];
  for (let i = 0; i < 5; i++) cutOff.push((await place(buyerOnVictim)).id);
  victim.child.kill('SIGKILL');
  expect(await exited(victim.child)).toMatchObject({ signal: 'SIGKILL' });
  placed.push(...cutOff, (await place(buyerOnTwo)).id);

  const expected = await shopEventIds(cluster, shop.shopId, cursor);
  for (const stream of [dash, dashSse]) expect((await stream.waitFor(expected.length, 15_000)).map((e) => e.id)).toEqual(expected);
  expect(dash.events.flatMap((e) => (e.data.type === 'new_order' ? [e.data.order.id] : []))).toEqual(placed);
  // They reached instance 1 through the stream: the other instances' relays put them there.
  const redis = await testRedis();
  try {
    const ids = ((await redis.xRange(`${cluster.prefix}events`, '-', '+')) ?? []).map((entry) => entry.id.split('-')[0]);
    for (const id of expected) expect(ids).toContain(id);
  } finally {
    redis.destroy();
  }
  expect(await metric(one, 'shopwire_bus_degraded')).toBe(0);
  await new Promise((resolve) => setTimeout(resolve, 700));
  expect(dash.events).toHaveLength(expected.length);
  expect(dashSse.events).toHaveLength(expected.length);
}, 60_000);
