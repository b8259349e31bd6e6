import { expect, it } from 'vitest';
import type { DashboardEvent } from '../../src/shared/events.js';
import { connect } from '../support/clients.js';
import { openDatabaseOf } from '../support/database.js';
import { setupShop } from '../support/fixtures.js';
import { collect } from '../support/subscriptions.js';
import { openTestCluster } from './support.js';

it('a dashboard on instance 1 gets every order placed through instances 2 and 3 exactly once, in id order', async () => {
  await using cluster = await openTestCluster();
  const [one, two, three] = await Promise.all([cluster.start(), cluster.start(), cluster.start()]);
  if (!one || !two || !three) throw new Error('instances did not start');

  await using shop = await setupShop(one.url, [{ stock: 10_000 }]);
  const productId = shop.products[0]?.id ?? '';
  const { cursor } = await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId });
  await using viewer = connect(one.url, shop.sellerToken);
  const dash = collect<DashboardEvent>((h) => viewer.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId, lastEventId: cursor }, h));
  await dash.started;

  await using buyerOnTwo = connect(two.url, shop.buyerToken, 'http');
  await using buyerOnThree = connect(three.url, shop.buyerToken, 'http');
  const place = (client: typeof buyerOnTwo) => client.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity: 1 }] });
  // Both instances at once: their commits interleave in the one log.
  const orders = await Promise.all(Array.from({ length: 30 }, (_, i) => place(i % 2 === 0 ? buyerOnTwo : buyerOnThree)));

  const db = openDatabaseOf(cluster.env);
  const rows = await db.selectFrom('events').select('id').where('topic', '=', `shop:${shop.shopId}`).where('id', '>', Number(cursor)).orderBy('id').execute();
  await db.destroy();
  const expected = rows.map((r) => String(r.id));
  const got = await dash.waitFor(expected.length, 15_000);

  expect(got.map((e) => e.id)).toEqual(expected);
  const placed = got.flatMap((e) => (e.data.type === 'new_order' ? [e.data.order.id] : []));
  expect(placed.toSorted()).toEqual(orders.map((o) => o.id).toSorted());
  // Nothing more comes after: no duplicates arriving late.
  await new Promise((resolve) => setTimeout(resolve, 700));
  expect(dash.events).toHaveLength(expected.length);
});
