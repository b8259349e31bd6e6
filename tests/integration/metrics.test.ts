import { expect, it } from 'vitest';
import WebSocket from 'ws';
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

it('labels failed calls only with procedures the router has: paths made up by callers count as unknown', async () => {
  await using server = await startTestServer();
  const id = '0193a4f2-7c1e-7d3a-9f00-5e1b2c3d4e5f';
  const made = [`order.${id}`, `shop.list,user@example.test`, `${id}`, 'order.place.extra'];
  for (const path of made) {
    const res = await fetch(`${server.url}/trpc/${encodeURIComponent(path)}`);
    expect(res.status).toBe(404);
  }
  // The same over the WebSocket protocol, where the path travels in the message.
  const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/trpc`);
  await new Promise((resolve, reject) => (socket.once('open', resolve), socket.once('error', reject)));
  const answer = new Promise((resolve) => socket.once('message', resolve));
  socket.send(JSON.stringify({ id: 1, method: 'query', params: { path: `user.${id}`, input: { json: null } } }));
  expect(String(await answer)).toMatch(/NOT_FOUND/);
  socket.close();

  const samples = [...(await scrape(server.url)).keys()].filter((name) => name.startsWith('shopwire_call_errors_total'));
  expect(samples).toEqual(['shopwire_call_errors_total{code="NOT_FOUND",path="unknown"}']);
  expect((await scrape(server.url)).get('shopwire_call_errors_total{code="NOT_FOUND",path="unknown"}')).toBe(made.length + 1);
});
