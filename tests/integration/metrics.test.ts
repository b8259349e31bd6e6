import { expect, it } from 'vitest';
import { errorCode } from '../support/clients.js';
import { setupShop } from '../support/fixtures.js';
import { startTestServer } from '../support/server.js';

/** Each sample of the Prometheus text as `name{labels}` -> value. */
async function scrape(url: string): Promise<Map<string, number>> {
  const res = await fetch(`${url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const samples = new Map<string, number>();
  for (const line of (await res.text()).split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

it('counts commits, published events, connections and failed calls, with process figures beside them', async () => {
  await using server = await startTestServer();
  await using shop = await setupShop(server.url, [{ stock: 10, lowStockThreshold: 2 }]);
  const before = await scrape(server.url);
  const productId = shop.products[0]?.id ?? '';

  const stream = shop.seller.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId }, { onData: () => undefined });
  await expect.poll(async () => (await scrape(server.url)).get('shopwire_live_subscriptions')).toBeGreaterThan(before.get('shopwire_live_subscriptions') ?? 0);
  for (let i = 0; i < 3; i++) await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity: 1 }] });
  expect(await errorCode(shop.buyer.api.dashboard.stats.query({ shopId: shop.shopId }))).toBe('FORBIDDEN');
  const after = await scrape(server.url);
  stream.unsubscribe();

  const delta = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
  // Each order is one change with a dashboard event (plus stock events) and a status event on its own topic.
  expect(delta('shopwire_commit_changes_count')).toBe(3);
  expect(delta('shopwire_commit_seconds_count')).toBeGreaterThanOrEqual(1);
  expect(delta('shopwire_events_published_total{kind="order"}')).toBe(3);
  expect(delta('shopwire_events_published_total{kind="shop"}')).toBeGreaterThanOrEqual(3);
  expect(delta('shopwire_events_published_total{kind="stock"}')).toBe(3);
  expect(delta('shopwire_call_errors_total{code="FORBIDDEN",path="dashboard.stats"}')).toBe(1);
  // The fixture's seller and buyer each hold a socket.
  expect(after.get('shopwire_ws_connections')).toBeGreaterThanOrEqual(2);
  expect(after.get('shopwire_inflight_changes')).toBe(0);
  expect(after.get('process_resident_memory_bytes')).toBeGreaterThan(0);
  expect(after.has('nodejs_eventloop_lag_p99_seconds')).toBe(true);
});
