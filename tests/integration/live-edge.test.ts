import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { TRPCClientError } from '@trpc/client';
import { prunedThrough, pruneEvents } from '../../src/server/events/eventLog.js';
import type { AppRouter } from '../../src/server/router.js';
import type { DashboardEvent } from '../../src/shared/events.js';
import { codeOf, connect, errorCode, type TestClient } from '../support/clients.js';
import { setupShop } from '../support/fixtures.js';
import { captureLogs } from '../support/logs.js';
import { answersTo, openRaw } from '../support/rawSocket.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { collect, eventually } from '../support/subscriptions.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server[Symbol.asyncDispose]();
});

const wsUrl = (s: TestServer, params = '') => `${s.url.replace('http', 'ws')}/trpc${params}`;
const subscribeMessage = (id: number, shopId: string, lastEventId?: string) => ({
  id,
  method: 'subscription',
  params: { path: 'dashboard.onDashboardUpdate', input: { json: { shopId, ...(lastEventId ? { lastEventId } : {}) } } },
});
/** When a token expires, in ms (its `exp` claim). */
const expiresAt = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { exp: number }).exp * 1000;
const reasonOf = (error: unknown) => (error as TRPCClientError<AppRouter>).data?.reason;

function watchDashboard(client: TestClient, shopId: string, lastEventId?: string) {
  return collect<DashboardEvent>((h) => client.api.dashboard.onDashboardUpdate.subscribe({ shopId, lastEventId }, h));
}

describe('cursors that cannot be served', () => {
  it('answers PRECONDITION_FAILED with cursor_ahead for an id past the log, and cursor_expired below what was pruned; 0 is never expired', async () => {
    await using own = await startTestServer();
    await using shop = await setupShop(own.url);
    const ahead = watchDashboard(shop.seller, shop.shopId, '999999999');
    // The refusal comes after the start (the cursor is checked against the log), before any event.
    await eventually(() => ahead.errors.length > 0);
    expect(codeOf(ahead.errors[0])).toBe('PRECONDITION_FAILED');
    expect(reasonOf(ahead.errors[0])).toBe('cursor_ahead');

    const productId = shop.products[0]?.id ?? '';
    await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity: 1 }] });
    // Everything so far is past retention (as EVENT_RETENTION_DAYS would find it), then one more order.
    await pruneEvents(own.app.deps.db, new Date(Date.now() + 1000));
    const pruned = await prunedThrough(own.app.deps.db);
    expect(pruned).toBeGreaterThan(0);
    await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity: 1 }] });

    const expired = watchDashboard(shop.seller, shop.shopId, String(pruned - 1));
    await eventually(() => expired.errors.length > 0);
    expect(expired.events).toEqual([]);
    expect(codeOf(expired.errors[0])).toBe('PRECONDITION_FAILED');
    expect(reasonOf(expired.errors[0])).toBe('cursor_expired');

    // The cursor at the pruning boundary and '0' still get everything kept: the one order after it.
    for (const from of [String(pruned), '0']) {
      const kept = watchDashboard(shop.seller, shop.shopId, from);
      const events = await kept.waitFor(2);
      expect(events.map((e) => e.data.type)).toEqual(['new_order', 'inventory_update']);
      kept.unsubscribe();
    }
  });
});

describe('subscription lifecycle', () => {
  it('honours a stop that overtakes its own start: 20 subscribe+stop pairs leave no subscription behind', async () => {
    await using shop = await setupShop(server.url);
    const raw = await openRaw(wsUrl(server, '?connectionParams=1'));
    raw.send({ method: 'connectionParams', data: { token: shop.sellerToken } });
    for (let id = 1; id <= 20; id++) raw.send([subscribeMessage(id, shop.shopId), { id, method: 'subscription.stop' }]);
    await eventually(() => [...Array(20).keys()].every((i) => answersTo(raw.messages, i + 1).some((m) => m.result?.type === 'stopped')));
    expect(server.app.deps.live.size()).toBe(0);
    expect(server.app.deps.bus.listenerCount(`shop:${shop.shopId}`)).toBe(0);
    raw.socket.close();
  });

  it('keeps streams open when tokens live longer than setTimeout can wait (TOKEN_TTL_SECONDS of 40 days)', async () => {
    await using long = await startTestServer({ TOKEN_TTL_SECONDS: String(40 * 86_400) });
    await using shop = await setupShop(long.url);
    const dash = watchDashboard(shop.seller, shop.shopId);
    await dash.started;
    await new Promise((r) => setTimeout(r, 50));
    await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: shop.products[0]?.id ?? '', quantity: 1 }] });
    await dash.waitFor(2);
    expect(dash.errors).toEqual([]);
  });

  it('a token refreshed inside the open socket keeps its streams past the old token\'s expiry', async () => {
    await using shortLived = await startTestServer({ TOKEN_TTL_SECONDS: '4' });
    await using shop = await setupShop(shortLived.url);
    const dash = watchDashboard(shop.seller, shop.shopId);
    await dash.started;
    await new Promise((r) => setTimeout(r, 1_200));
    const { token } = await shop.seller.api.auth.refresh.mutate();
    expect(expiresAt(token)).toBeGreaterThan(expiresAt(shop.sellerToken));
    // Past the first token's expiry, within the new one's: the stream and the socket's calls go on.
    await new Promise((r) => setTimeout(r, expiresAt(shop.sellerToken) + 300 - Date.now()));
    expect(Date.now()).toBeLessThan(expiresAt(token));
    await shop.seller.api.inventory.adjust.mutate({ productId: shop.products[0]?.id ?? '', delta: 1, reason: 'count' });
    await dash.waitFor(1);
    expect(dash.errors).toEqual([]);
  });

  it('answers a mutation asked withEventId with the id of its newest event, which the stream then delivers', async () => {
    await using shop = await setupShop(server.url);
    const dash = watchDashboard(shop.seller, shop.shopId);
    await dash.started;
    const productId = shop.products[0]?.id ?? '';
    const order = await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity: 1 }], withEventId: true });
    expect(order.eventId).toMatch(/^\d+$/);
    const plain = await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity: 1 }] });
    expect('eventId' in plain).toBe(false);
    const adjusted = await shop.seller.api.inventory.adjust.mutate({ productId, delta: 5, reason: 'count', withEventId: true });
    const events = await dash.waitFor(5);
    // Ids are global and in commit order: a change's events are at or before its eventId, the next change's after it.
    const orderEvents = events.filter((e) => e.data.type === 'new_order');
    expect(Number(orderEvents[0]?.id)).toBeLessThanOrEqual(Number(order.eventId));
    expect(Number(orderEvents[1]?.id)).toBeGreaterThan(Number(order.eventId));
    expect(Number(events[4]?.id)).toBeLessThanOrEqual(Number(adjusted.eventId));
    expect(Number(events[4]?.id)).toBeGreaterThan(Number(orderEvents[1]?.id));
    // So a snapshot whose cursor has reached eventId already shows the write.
    const stats = await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId });
    expect(Number(stats.cursor)).toBeGreaterThanOrEqual(Number(adjusted.eventId));
  });
});

describe('connection limits', () => {
  it('answers calls over CALLS_PER_SECOND/CALL_BURST with TOO_MANY_REQUESTS and retryAfterSeconds, and closes a connection that keeps going (4429)', async () => {
    await using limited = await startTestServer({ CALLS_PER_SECOND: '2', CALL_BURST: '5' });
    const raw = await openRaw(wsUrl(limited));
    const call = (id: number) => ({ id, method: 'query', params: { path: 'shop.list', input: { json: undefined } } });
    raw.send(Array.from({ length: 8 }, (_, i) => call(i + 1)));
    await eventually(() => raw.messages.length >= 8);
    const refused = raw.messages.filter((m) => (m as { error?: unknown }).error);
    expect(refused).toHaveLength(3);
    expect(refused[0]).toMatchObject({ error: { json: { data: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 1 } } } });
    // Another connection is not affected.
    await using other = connect(limited.url);
    expect(await other.api.shop.list.query()).toEqual([]);
    raw.send(Array.from({ length: 60 }, (_, i) => call(100 + i)));
    expect(await raw.closed).toBe(4429);
  });

  it('holds HTTP calls on one keep-alive connection to the same budget', async () => {
    await using limited = await startTestServer({ CALLS_PER_SECOND: '1', CALL_BURST: '3' });
    await using http = connect(limited.url, null, 'http');
    // One batch: five calls on one connection.
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => http.api.shop.list.query()));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(codeOf(refused?.reason)).toBe('TOO_MANY_REQUESTS');
    expect((refused?.reason as TRPCClientError<AppRouter>).data?.retryAfterSeconds).toBe(1);
  });

  it('refuses subscriptions past MAX_SUBSCRIPTIONS_PER_CONNECTION with TOO_MANY_REQUESTS, and takes one again once one stops', async () => {
    await using limited = await startTestServer({ MAX_SUBSCRIPTIONS_PER_CONNECTION: '2' });
    await using shop = await setupShop(limited.url);
    const first = watchDashboard(shop.seller, shop.shopId);
    const second = watchDashboard(shop.seller, shop.shopId);
    await Promise.all([first.started, second.started]);
    const third = watchDashboard(shop.seller, shop.shopId);
    await third.started;
    expect(codeOf(third.errors[0])).toBe('TOO_MANY_REQUESTS');
    first.unsubscribe();
    await eventually(() => limited.app.deps.live.size() === 1);
    const fourth = watchDashboard(shop.seller, shop.shopId);
    await fourth.started;
    expect(fourth.errors).toEqual([]);
  });

  it('refuses WebSocket upgrades past MAX_CONNECTIONS_PER_ADDRESS and MAX_CONNECTIONS with 429, serving the rest', async () => {
    await using limited = await startTestServer({ MAX_CONNECTIONS_PER_ADDRESS: '2', MAX_CONNECTIONS: '3' });
    const a = await openRaw(wsUrl(limited));
    const b = await openRaw(wsUrl(limited));
    await expect(openRaw(wsUrl(limited))).rejects.toThrow('HTTP 429');
    a.socket.close();
    await eventually(() => limited.app.deps.connections.size() === 1);
    const c = await openRaw(wsUrl(limited));
    expect(c.socket.readyState).toBe(WebSocket.OPEN);
    b.socket.close();
    c.socket.close();

    await using total = await startTestServer({ MAX_CONNECTIONS: '1' });
    const only = await openRaw(wsUrl(total));
    await expect(openRaw(wsUrl(total))).rejects.toThrow('HTTP 429');
    only.socket.close();
  });

  it('cuts off a socket that sends calls and never reads, keeping memory bounded and everyone else served', async () => {
    const logs = captureLogs('warn');
    await using small = await startTestServer({ MAX_SUBSCRIBER_BUFFER_BYTES: '262144', CALLS_PER_SECOND: '0' }, { logger: logs.logger });
    await using shop = await setupShop(small.url, Array.from({ length: 40 }, (_, i) => ({ name: `A product with a long enough name ${i}` })));
    const raw = await openRaw(wsUrl(small));
    raw.pause();
    const call = (id: number) => ({ id, method: 'query', params: { path: 'product.list', input: { json: { shopId: shop.shopId } } } });
    let sent = 0;
    for (let batch = 0; batch < 30 && raw.socket.readyState === WebSocket.OPEN; batch++) {
      raw.send(Array.from({ length: 500 }, (_, i) => call(batch * 500 + i)));
      sent += 500;
      await new Promise((r) => setTimeout(r, 10));
    }
    // The server dropped it for not reading its answers (not for missed heartbeats or anything else): only the
    // seller's socket is left (the buyer's client opens its socket on first use, below). Watched from the server:
    // whether the paused client notices at once depends on how its socket ends (a reset when the server had
    // unread calls, as on SQLite; a close queued behind the answers the kernel still holds, when the server
    // had read every call, as with slower PostgreSQL answers).
    await eventually(() => small.app.deps.connections.size() === 1 && logs.entries.some((e) => e.msg === 'connection not reading its answers; terminated'), 20_000);
    // Reading again, it gets only what was already on its way, and then the end: far from an answer to every call.
    raw.resume();
    await raw.closed;
    const answered = raw.messages.filter((m) => typeof m === 'object' && m !== null && 'id' in m).length;
    expect(answered).toBeLessThan(sent);
    const health = await fetch(`${small.url}/health`);
    expect(health.status).toBe(200);
    expect((await shop.buyer.api.product.list.query({ shopId: shop.shopId })).length).toBe(40);
  });
});

describe('origins and proxies on the WebSocket upgrade', () => {
  it('refuses an upgrade from a foreign Origin with 403 (ALLOWED_ORIGINS), and takes its own origin and listed ones', async () => {
    const own = new URL(server.url).origin;
    await expect(openRaw(wsUrl(server), { origin: 'https://evil.example' })).rejects.toThrow('HTTP 403');
    const same = await openRaw(wsUrl(server), { origin: own });
    same.socket.close();
    // Programs send no Origin at all: nothing to check.
    const program = await openRaw(wsUrl(server));
    program.socket.close();

    await using listed = await startTestServer({ ALLOWED_ORIGINS: 'https://shop.example.com' });
    const allowed = await openRaw(wsUrl(listed), { origin: 'https://shop.example.com' });
    allowed.socket.close();
    await expect(openRaw(wsUrl(listed), { origin: 'https://other.example.com' })).rejects.toThrow('HTTP 403');
  });

  it('counts connections per forwarded address only with TRUST_PROXY', async () => {
    const behind = (s: TestServer, forwardedFor: string) => openRaw(wsUrl(s), { headers: { 'x-forwarded-for': forwardedFor } });
    await using proxied = await startTestServer({ TRUST_PROXY: 'true', MAX_CONNECTIONS_PER_ADDRESS: '1' });
    const a = await behind(proxied, '203.0.113.1');
    const b = await behind(proxied, '203.0.113.2');
    await expect(behind(proxied, '203.0.113.1')).rejects.toThrow('HTTP 429');
    a.socket.close();
    b.socket.close();

    await using direct = await startTestServer({ MAX_CONNECTIONS_PER_ADDRESS: '1' });
    const c = await behind(direct, '203.0.113.1');
    // Without TRUST_PROXY the header is the caller's word: both come from the socket's own address.
    await expect(behind(direct, '203.0.113.2')).rejects.toThrow('HTTP 429');
    c.socket.close();
  });
});

describe('sign-in at connect', () => {
  it('refuses a bad token at connect: calls that came with it answer UNAUTHORIZED, then the socket closes with 4401', async () => {
    const raw = await openRaw(wsUrl(server, '?connectionParams=1'));
    raw.send({ method: 'connectionParams', data: { token: 'forged.token.value' } });
    raw.send({ id: 1, method: 'query', params: { path: 'shop.list', input: { json: undefined } } });
    expect(await raw.closed).toBe(4401);
    expect(answersTo(raw.messages, 1)[0]).toMatchObject({ error: { json: { data: { code: 'UNAUTHORIZED' } } } });
  });

  it('tells the SDK (onUnauthorized) when its token is refused, and an anonymous socket is still served', async () => {
    let told = 0;
    const { createShopwireClient } = await import('../../src/client/sdk/createShopwireClient.js');
    const client = createShopwireClient({ url: server.url, token: () => 'forged', WebSocket, onUnauthorized: () => told++ });
    expect(await errorCode(client.api.shop.list.query())).toBe('UNAUTHORIZED');
    await eventually(() => told > 0);
    await client.close();
    await using anonymous = connect(server.url);
    expect(Array.isArray(await anonymous.api.shop.list.query())).toBe(true);
  });
});

describe('transport options', () => {
  it('closes a socket that stops answering heartbeats (WS_PING_INTERVAL_MS, WS_PONG_TIMEOUT_MS)', async () => {
    await using quick = await startTestServer({ WS_PING_INTERVAL_MS: '200', WS_PONG_TIMEOUT_MS: '200' });
    const raw = await openRaw(wsUrl(quick));
    // It reads (so it sees the PINGs) but never answers PONG, like a client whose page froze.
    await raw.closed;
    expect(raw.messages).toContain('PING');
  });

  it('negotiates permessage-deflate when WS_COMPRESS_MIN_BYTES is set, and not by default', async () => {
    await using compressing = await startTestServer({ WS_COMPRESS_MIN_BYTES: '1024' });
    const on = await openRaw(wsUrl(compressing), { perMessageDeflate: true });
    expect(on.socket.extensions).toContain('permessage-deflate');
    const off = await openRaw(wsUrl(server), { perMessageDeflate: true });
    expect(off.socket.extensions).toBe('');
    on.socket.close();
    off.socket.close();
  });

  it('logs connects, disconnects, refused tokens and ended streams, without tokens or personal data', async () => {
    const logs = captureLogs('info');
    await using logged = await startTestServer({}, { logger: logs.logger });
    await using shop = await setupShop(logged.url);
    const ahead = watchDashboard(shop.seller, shop.shopId, '999999999');
    // The refusal comes after the start (the cursor is checked against the log), before any event.
    await eventually(() => ahead.errors.length > 0);
    const raw = await openRaw(wsUrl(logged, '?connectionParams=1'));
    raw.send({ method: 'connectionParams', data: { token: 'forged.token.value' } });
    await raw.closed;
    await eventually(() => logs.entries.some((e) => e.msg === 'connection closed'));
    const messages = logs.entries.map((e) => e.msg);
    expect(messages).toEqual(expect.arrayContaining(['connection opened', 'connection closed', 'connection refused: invalid or expired token']));
    const text = JSON.stringify(logs.entries);
    expect(text).not.toContain(shop.sellerToken);
    expect(text).not.toContain('forged.token.value');
    expect(text).not.toMatch(/@example\.test/);
  });
});
