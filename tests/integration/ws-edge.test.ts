import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import WebSocket from 'ws';
import type { DashboardEvent } from '../../src/shared/events.js';
import { setupShop } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { collect, eventually } from '../support/subscriptions.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server[Symbol.asyncDispose]();
});

const wsUrl = (path = '/trpc') => `${server.url.replace('http', 'ws')}${path}`;

function open(url: string): Promise<{ socket: WebSocket; messages: unknown[]; closed: Promise<number> }> {
  const socket = new WebSocket(url);
  const messages: unknown[] = [];
  socket.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString())));
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  socket.on('error', () => undefined);
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, messages, closed }));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

async function stillServes(): Promise<void> {
  const res = await fetch(`${server.url}/health`);
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ status: 'ok' });
}

describe('the WebSocket edge', () => {
  it('closes a connection that sends a frame over the size limit (1009) and keeps serving others', async () => {
    const { socket, closed } = await open(wsUrl());
    socket.send('x'.repeat(2 * 1024 * 1024));
    expect(await closed).toBe(1009);
    await stillServes();
  });

  it('answers a malformed frame with a PARSE_ERROR and keeps the process up', async () => {
    const { socket, messages } = await open(wsUrl());
    socket.send('{this is not json');
    await eventually(() => messages.length > 0);
    expect(JSON.stringify(messages[0])).toContain('PARSE_ERROR');
    socket.send(JSON.stringify({ id: 1, method: 'query', params: { path: 'shop.list', input: { json: null } } }));
    await eventually(() => messages.length > 1);
    expect(messages[1]).toMatchObject({ id: 1, result: { type: 'data' } });
    socket.close();
    await stillServes();
  });

  it('answers connectionParams with a non-string token with an error, without crashing', async () => {
    const { socket, messages, closed } = await open(wsUrl('/trpc?connectionParams=1'));
    socket.send(JSON.stringify({ method: 'connectionParams', data: { token: 123 } }));
    await eventually(() => messages.length > 0);
    expect(messages[0]).toMatchObject({ error: { json: { data: { code: 'PARSE_ERROR' } } } });
    await closed;
    await stillServes();
  });

  it('answers garbage connectionParams with an error, without crashing', async () => {
    const { socket, messages } = await open(wsUrl('/trpc?connectionParams=1'));
    socket.send(JSON.stringify({ method: 'connectionParams', data: 'not an object' }));
    await eventually(() => messages.length > 0);
    expect(JSON.stringify(messages[0])).toMatch(/error/i);
    await stillServes();
  });

  it('refuses upgrades on other paths', async () => {
    await expect(open(wsUrl('/elsewhere'))).rejects.toThrow('HTTP 404');
  });

  it('serves /health as JSON', async () => {
    await stillServes();
  });
});

describe('limits on streams', () => {
  it('ends a subscriber that falls more than MAX_SUBSCRIBER_QUEUE events behind with TOO_MANY_REQUESTS; it catches up from the log', async () => {
    await using small = await startTestServer({ MAX_SUBSCRIBER_QUEUE: '2' });
    await using shop = await setupShop(small.url, [{ stock: 100 }, { stock: 6 }, { stock: 1 }]);
    const dash = collect<DashboardEvent>((h) => shop.seller.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId }, h));
    await dash.started;
    // One order publishes four events at once: more than the queue of 2 can hold.
    await shop.buyer.api.order.place.mutate({
      shopId: shop.shopId,
      items: shop.products.map((p) => ({ productId: p.id, quantity: 1 })),
    });
    await eventually(() => dash.errors.length > 0);
    const error = dash.errors[0] as { data?: { code?: string }; message: string };
    expect(error.data?.code).toBe('TOO_MANY_REQUESTS');
    expect(error.message).toContain('resubscribe with lastEventId');
    await eventually(() => small.app.deps.bus.listenerCount() === 0);
    // Resubscribing from the last id it had recovers every event from the table.
    const catchUp = collect<DashboardEvent>((h) =>
      shop.seller.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId, lastEventId: dash.events.at(-1)?.id ?? '0' }, h),
    );
    await catchUp.waitFor(4 - dash.events.length);
    expect([...dash.events, ...catchUp.events].map((e) => e.data.type)).toContain('new_order');
    catchUp.unsubscribe();
  });

  it('ends streams when the token expires, and calls on the same connection answer UNAUTHORIZED', async () => {
    await using shortLived = await startTestServer({ TOKEN_TTL_SECONDS: '2' });
    await using shop = await setupShop(shortLived.url);
    const dash = collect<DashboardEvent>((h) => shop.seller.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId }, h));
    await dash.started;
    await eventually(() => dash.errors.length > 0, 5_000);
    expect((dash.errors[0] as { data?: { code?: string } }).data?.code).toBe('UNAUTHORIZED');
    await expect(shop.seller.api.auth.me.query()).rejects.toThrow();
    expect(shortLived.app.deps.bus.listenerCount()).toBe(0);
  });
});

describe('graceful shutdown', () => {
  it('tells clients to reconnect, refuses new connections, answers the request already under way, then stops', async () => {
    const stopping = await startTestServer();
    await using shop = await setupShop(stopping.url, [{ stock: 1000 }]);
    const raw = await open(`${stopping.url.replace('http', 'ws')}/trpc`);

    // A request whose body is still arriving when stop() is called.
    const body = JSON.stringify({ json: { shopId: shop.shopId, items: [{ productId: shop.products[0]?.id ?? '', quantity: 1 }] } });
    const req = request(`${stopping.url}/trpc/order.place`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${shop.buyerToken}` },
    });
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
    });
    req.write(body.slice(0, 10));
    await new Promise((r) => setTimeout(r, 100));

    const stopped = stopping[Symbol.asyncDispose]();
    await expect(fetch(`${stopping.url}/health`)).rejects.toThrow();
    req.end(body.slice(10));
    const answered = await response;
    await stopped;

    expect(answered.status).toBe(200);
    expect(answered.text).toContain('"status":"pending"');
    expect(raw.messages).toContainEqual({ id: null, method: 'reconnect' });
    expect(await raw.closed).toBe(1012);
  });
});
