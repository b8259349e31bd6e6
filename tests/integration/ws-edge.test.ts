import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import type { DashboardEvent } from '../../src/shared/events.js';
import { setupShop } from '../support/fixtures.js';
import { transact } from '../../src/server/events/transact.js';
import { shopEvent } from '../../src/server/events/topics.js';
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

  it('serves /health as JSON, with the memory figures an operator watches', async () => {
    const res = await fetch(`${server.url}/health`);
    const body = (await res.json()) as { status: string; memory: { rssMb: number; heapUsedMb: number } };
    expect(body.status).toBe('ok');
    expect(body.memory.rssMb).toBeGreaterThan(body.memory.heapUsedMb);
    expect(body.memory.heapUsedMb).toBeGreaterThan(0);
  });
});

describe('limits on streams', () => {
  // A client that stops reading: the kernel buffers fill, then the server's own send buffer grows.
  async function stalledSubscriber(app: TestServer['app'], token: string, input: { shopId: string; lastEventId?: string }) {
    const { socket, messages } = await open(`${app.url.replace('http', 'ws')}/trpc?connectionParams=1`);
    const raw = (socket as unknown as { _socket: Socket })._socket;
    const topic = `shop:${input.shopId}`;
    const before = app.deps.bus.listenerCount(topic);
    socket.send(JSON.stringify({ method: 'connectionParams', data: { token } }));
    socket.send(JSON.stringify({ id: 1, method: 'subscription', params: { path: 'dashboard.onDashboardUpdate', input: { json: input } } }));
    raw.pause();
    await eventually(() => app.deps.bus.listenerCount(topic) === before + 1);
    return { messages, resume: () => raw.resume(), close: () => socket.close() };
  }

  // Large events through the real commit-then-publish path, so the kernel's socket buffers fill in a few calls.
  const publishLarge = (app: TestServer['app'], shopId: string, count: number) =>
    transact(app.deps, async (_trx, emit) => {
      const updates = Array.from({ length: 2000 }, (_, i) => ({ productId: `p-${i}`, productName: 'A product with a long name', stock: i }));
      for (let i = 0; i < count; i++) emit(shopEvent(shopId, { type: 'inventory_update', updates }));
      return Promise.resolve();
    });

  it('ends a live subscriber whose socket holds more than MAX_SUBSCRIBER_BUFFER_BYTES unsent, without slowing the others', async () => {
    await using small = await startTestServer({ MAX_SUBSCRIBER_BUFFER_BYTES: '65536' });
    await using shop = await setupShop(small.url);
    const healthy = collect<DashboardEvent>((h) => shop.seller.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId }, h));
    await healthy.started;
    const stalled = await stalledSubscriber(small.app, shop.sellerToken, { shopId: shop.shopId });
    const topic = `shop:${shop.shopId}`;
    let published = 0;
    while (small.app.deps.bus.listenerCount(topic) === 2 && published < 500) {
      await publishLarge(small.app, shop.shopId, 5);
      published += 5;
      // Commits resolve without touching the event loop; give the sockets a turn.
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(small.app.deps.bus.listenerCount(topic)).toBe(1);
    stalled.resume();
    await eventually(() => JSON.stringify(stalled.messages).includes('TOO_MANY_REQUESTS'), 10_000);
    expect(JSON.stringify(stalled.messages)).toContain('resubscribe with lastEventId=');
    await healthy.waitFor(published, 10_000);
    healthy.unsubscribe();
    stalled.close();
  });

  it('ends a replaying subscriber when more than MAX_SUBSCRIBER_QUEUE live events pile up behind its replay', async () => {
    await using small = await startTestServer({ MAX_SUBSCRIBER_BUFFER_BYTES: '65536', MAX_SUBSCRIBER_QUEUE: '3' });
    await using shop = await setupShop(small.url);
    // A history far larger than the stalled socket can take, so the replay waits on it.
    await publishLarge(small.app, shop.shopId, 60);
    const stalled = await stalledSubscriber(small.app, shop.sellerToken, { shopId: shop.shopId, lastEventId: '0' });
    const topic = `shop:${shop.shopId}`;
    let orders = 0;
    while (small.app.deps.bus.listenerCount(topic) === 1 && orders < 20) {
      await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: shop.products[0]?.id ?? '', quantity: 1 }] });
      orders++;
    }
    expect(small.app.deps.bus.listenerCount(topic)).toBe(0);
    expect(orders).toBe(2);
    stalled.resume();
    await eventually(() => JSON.stringify(stalled.messages).includes('TOO_MANY_REQUESTS'), 10_000);
    expect(JSON.stringify(stalled.messages)).toContain('3 events behind');
    stalled.close();
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
