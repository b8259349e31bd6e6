import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTRPCClient, httpBatchLink, httpLink } from '@trpc/client';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerToken, createContext } from '../../src/server/context.js';
import { appRouter, type AppRouter } from '../../src/server/router.js';
import { errorCode } from '../support/clients.js';
import { setupShop, type ShopFixture } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let shop: ShopFixture;
/** tRPC's stock standalone adapter over the same router and database: the reference for the protocol. */
let stock: Server;
let stockUrl: string;
let orderId: string;

beforeAll(async () => {
  server = await startTestServer();
  shop = await setupShop(server.url, [{ name: 'Beans', stock: 50 }]);
  const product = shop.products[0];
  if (!product) throw new Error('no product');
  orderId = (await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: product.id, quantity: 1 }] })).id;
  const deps = server.app.deps;
  stock = createServer(
    createHTTPHandler({
      router: appRouter,
      basePath: '/trpc/',
      createContext: ({ req }) => createContext(deps, bearerToken(req.headers.authorization), req.socket.remoteAddress ?? 'unknown'),
    }),
  );
  await new Promise<void>((resolve) => stock.listen(0, '127.0.0.1', resolve));
  stockUrl = `http://127.0.0.1:${(stock.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => stock.close(resolve));
  await shop[Symbol.asyncDispose]();
  await server[Symbol.asyncDispose]();
});

interface Raw {
  method: 'GET' | 'POST' | 'HEAD';
  path: string;
  body?: string;
  token?: string;
  contentType?: string;
}

async function call(base: string, raw: Raw) {
  const headers: Record<string, string> = {};
  if (raw.token) headers['authorization'] = `Bearer ${raw.token}`;
  if (raw.method === 'POST') headers['content-type'] = raw.contentType ?? 'application/json';
  const res = await fetch(`${base}${raw.path}`, { method: raw.method, headers, ...(raw.body === undefined ? {} : { body: raw.body }) });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type'), json: text === '' ? null : (JSON.parse(text) as unknown) };
}

const input = (value: unknown) => encodeURIComponent(JSON.stringify(superjson.serialize(value)));
const batchInput = (...values: unknown[]) => encodeURIComponent(JSON.stringify(Object.fromEntries(values.map((v, i) => [i, superjson.serialize(v)]))));

describe('tRPC over HTTP, as the stock adapter answers it', () => {
  const cases: [string, () => Raw][] = [
    ['a query without input', () => ({ method: 'GET', path: '/trpc/shop.list' })],
    ['a batch of one query', () => ({ method: 'GET', path: '/trpc/shop.list?batch=1' })],
    ['a batch whose calls answer 200 and 401 (207)', () => ({ method: 'GET', path: '/trpc/shop.list,auth.me?batch=1&input=%7B%7D' })],
    ['a signed-in query', () => ({ method: 'GET', path: '/trpc/auth.me?batch=1', token: shop.buyerToken })],
    ['an answer holding a Date (superjson meta), batched', () => ({ method: 'GET', path: `/trpc/order.get?batch=1&input=${batchInput({ orderId })}`, token: shop.buyerToken })],
    ['an answer holding a Date, not batched', () => ({ method: 'GET', path: `/trpc/order.get?input=${input({ orderId })}`, token: shop.buyerToken })],
    ['two queries in one batch', () => ({ method: 'GET', path: `/trpc/order.get,product.list?batch=1&input=${batchInput({ orderId }, { shopId: shop.shopId })}`, token: shop.sellerToken })],
    ['a token that does not verify', () => ({ method: 'GET', path: `/trpc/order.get?batch=1&input=${batchInput({ orderId })}`, token: shop.sellerToken + 'x' })],
    ['bad input to a mutation (zod issues)', () => ({ method: 'POST', path: '/trpc/auth.login?batch=1', body: JSON.stringify({ 0: superjson.serialize({ email: 'not-an-email', password: '' }) }) })],
    ['bad input, not batched', () => ({ method: 'POST', path: '/trpc/order.place', body: JSON.stringify(superjson.serialize({ shopId: 1 })), token: shop.buyerToken })],
    ['a mutation over GET', () => ({ method: 'GET', path: '/trpc/auth.login?batch=1' })],
    ['a query over POST', () => ({ method: 'POST', path: '/trpc/shop.list?batch=1', body: '{}' })],
    ['an unknown procedure', () => ({ method: 'GET', path: '/trpc/nothing.here?batch=1' })],
    ['an unknown procedure beside a known one', () => ({ method: 'GET', path: '/trpc/shop.list,nothing.here?batch=1' })],
    ['a query and a mutation in one batch', () => ({ method: 'GET', path: '/trpc/shop.list,auth.login?batch=1' })],
    ['a subscription in a batch', () => ({ method: 'GET', path: `/trpc/order.onOrderStatus?batch=1&input=${batchInput({ orderId })}`, token: shop.buyerToken })],
    ['a POST without a JSON content type', () => ({ method: 'POST', path: '/trpc/auth.login?batch=1', body: '{}', contentType: 'text/plain' })],
    ['HEAD', () => ({ method: 'HEAD', path: '/trpc/shop.list' })],
  ];

  it.each(cases)('%s', async (_name, make) => {
    const raw = make();
    const [ours, theirs] = await Promise.all([call(server.url, raw), call(stockUrl, raw)]);
    if (raw.contentType === 'text/plain') {
      // tRPC's message lacks its closing quote; the code and status are what clients read.
      expect(ours.json).toMatchObject({ error: { json: { data: { code: 'UNSUPPORTED_MEDIA_TYPE', httpStatus: 415 } } } });
      expect(ours.status).toBe(theirs.status);
      return;
    }
    if (theirs.contentType?.startsWith('text/plain')) {
      // tRPC labels the errors it raises before any call (a mixed batch) text/plain; the body is JSON either way.
      expect(ours).toEqual({ ...theirs, contentType: 'application/json' });
      return;
    }
    expect(ours).toEqual(theirs);
  });
});

describe('tRPC over HTTP, where it differs from the stock adapter', () => {
  it('answers a body that is not JSON with BAD_REQUEST saying so', async () => {
    const res = await call(server.url, { method: 'POST', path: '/trpc/auth.login?batch=1', body: '{"0":' });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: { json: { message: expect.stringContaining('not JSON') as string, data: { code: 'BAD_REQUEST' } } } });
  });

  it('answers a batch whose input is not an object with BAD_REQUEST', async () => {
    const res = await call(server.url, { method: 'POST', path: '/trpc/auth.login?batch=1', body: '[1]' });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: { json: { message: '"input" needs to be an object when doing a batch call' } } });
  });

  it('refuses streamed batches (httpBatchStreamLink) with a clear BAD_REQUEST', async () => {
    const res = await fetch(`${server.url}/trpc/shop.list?batch=1`, { headers: { 'trpc-accept': 'application/jsonl' } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('httpBatchLink');
  });
});

describe('the real @trpc/client over HTTP', () => {
  const client = (link: 'httpLink' | 'httpBatchLink', token: string | null) => {
    const make = link === 'httpLink' ? httpLink : httpBatchLink;
    return createTRPCClient<AppRouter>({
      links: [make({ url: `${server.url}/trpc`, transformer: superjson, headers: () => (token ? { authorization: `Bearer ${token}` } : {}) })],
    });
  };

  it.each(['httpLink', 'httpBatchLink'] as const)('%s: queries, mutations, Dates and typed errors', async (link) => {
    const buyer = client(link, shop.buyerToken);
    const product = shop.products[0];
    if (!product) throw new Error('no product');
    const [me, order] = await Promise.all([buyer.auth.me.query(), buyer.order.get.query({ orderId })]);
    expect(me.role).toBe('buyer');
    expect(order.createdAt).toBeInstanceOf(Date);
    const placed = await buyer.order.place.mutate({ shopId: shop.shopId, items: [{ productId: product.id, quantity: 1 }] });
    expect(placed).toMatchObject({ shopId: shop.shopId, status: 'pending' });
    expect(await errorCode(buyer.order.place.mutate({ shopId: shop.shopId, items: [{ productId: product.id, quantity: 10_000 }] }))).toBe('CONFLICT');
    expect(await errorCode(client(link, null).auth.me.query())).toBe('UNAUTHORIZED');
  });

  it('httpLink: a mutation without input (an empty body) signs out', async () => {
    const { token } = await client('httpLink', null).auth.register.mutate({ email: `out-${Date.now()}@example.test`, password: 'password-123', name: 'Out', role: 'buyer' });
    expect(await client('httpLink', token).auth.logout.mutate()).toMatchObject({ signedOut: true });
    expect(await errorCode(client('httpLink', token).auth.me.query())).toBe('UNAUTHORIZED');
  });
});

describe('subscriptions over HTTP (SSE, as httpSubscriptionLink opens them)', () => {
  it('streams an order status from the start of its log', async () => {
    const abort = new AbortController();
    const res = await fetch(`${server.url}/trpc/order.onOrderStatus?input=${input({ orderId, lastEventId: '0' })}`, {
      headers: { authorization: `Bearer ${shop.buyerToken}`, accept: 'text/event-stream' },
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body?.getReader();
    if (!reader) throw new Error('no body');
    let text = '';
    while (!text.includes('"status":"pending"')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    abort.abort();
    expect(text).toContain(`"orderId":"${orderId}"`);
    expect(text).toContain('"status":"pending"');
  });
});
