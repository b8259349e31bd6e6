import { request } from 'node:http';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.js';
import type { AppRouter } from '../../src/server/router.js';
import { connect, errorCode, registerBuyer, type TestClient } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/server.js';

const loginBody = (email: string) => JSON.stringify({ 0: superjson.serialize({ email, password: 'password-123' }) });

/** A POST that declares `declaredBytes` but sends only a first piece: the answer must come without the rest. */
function postDeclaring(url: string, declaredBytes: number): Promise<{ status: number; connection: string | undefined; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: hostname, port, method: 'POST', path: '/trpc/auth.login?batch=1', headers: { 'content-type': 'application/json', 'content-length': String(declaredBytes) } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
      },
    );
    req.on('error', reject);
    req.write('{"0":');
  });
}

/** A chunked POST (no Content-Length) that would go on for `totalBytes`; returns the answer and how much was pulled. */
async function postChunked(url: string, totalBytes: number): Promise<{ status: number; body: unknown; pulledBytes: number }> {
  const piece = new TextEncoder().encode(' '.repeat(64 * 1024));
  let pulledBytes = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulledBytes >= totalBytes) return controller.close();
      pulledBytes += piece.length;
      controller.enqueue(piece);
    },
  });
  const res = await fetch(`${url}/trpc/auth.login?batch=1`, { method: 'POST', body, headers: { 'content-type': 'application/json' }, duplex: 'half' } as RequestInit);
  return { status: res.status, body: await res.json(), pulledBytes };
}

describe('request bodies', () => {
  let server: TestServer;
  let anon: TestClient;
  beforeAll(async () => {
    server = await startTestServer({ MAX_BODY_BYTES: String(64 * 1024) });
    anon = connect(server.url, null, 'http');
  });
  afterAll(async () => {
    await anon.close();
    await server[Symbol.asyncDispose]();
  });

  const tooLarge = { error: { json: { message: expect.stringContaining('MAX_BODY_BYTES') as string, data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 } } } };

  it('refuses a 200 MB Content-Length with 413 before reading it, and closes that connection', async () => {
    const answer = await postDeclaring(server.url, 200 * 1024 * 1024);
    expect(answer.status).toBe(413);
    expect(answer.connection).toBe('close');
    expect(JSON.parse(answer.body)).toMatchObject(tooLarge);
    expect(await errorCode(anon.api.auth.login.mutate({ email: 'nobody@example.test', password: 'password-123' }))).toBe('UNAUTHORIZED');
  });

  it('refuses a chunked body once it passes the limit, without taking the rest', async () => {
    const answer = await postChunked(server.url, 200 * 1024 * 1024);
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject(tooLarge);
    // What the client had already queued into its socket buffers, not the 200 MB.
    expect(answer.pulledBytes).toBeLessThan(32 * 1024 * 1024);
    const buyer = await registerBuyer(anon.api);
    expect(buyer.user.role).toBe('buyer');
  });

  it('serves a body under the limit', async () => {
    const res = await fetch(`${server.url}/trpc/auth.login?batch=1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: loginBody('nobody@example.test') + ' '.repeat(60 * 1024) });
    expect(res.status).toBe(401);
  });

  it('refuses a chunked body just over the limit', async () => {
    const answer = await postChunked(server.url, 64 * 1024 + 1);
    expect(answer.status).toBe(413);
  });
});

describe('paths that name no procedure', () => {
  it('answer NOT_FOUND with the path, but count under path="unknown" in /metrics (callers cannot mint label values)', async () => {
    await using server = await startTestServer();
    const res = await fetch(`${server.url}/trpc/made-up-${Date.now()}?batch=1`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject([{ error: { json: { data: { code: 'NOT_FOUND', path: expect.stringMatching(/^made-up-/) as string } } } }]);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain('shopwire_call_errors_total{code="NOT_FOUND",path="unknown"} 1');
    expect(metrics).not.toContain('made-up-');
  });
});

describe('CORS and ALLOWED_ORIGINS', () => {
  const allowed = 'https://shop.example.com';
  let listed: TestServer;
  let defaults: TestServer;
  beforeAll(async () => {
    [listed, defaults] = await Promise.all([startTestServer({ ALLOWED_ORIGINS: `${allowed}, http://localhost:5173` }), startTestServer()]);
  });
  afterAll(async () => {
    await Promise.all([listed[Symbol.asyncDispose](), defaults[Symbol.asyncDispose]()]);
  });

  const preflight = (url: string, origin: string) =>
    fetch(`${url}/trpc/auth.login?batch=1`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });

  it('answers a preflight from a listed origin with what it may send', async () => {
    const res = await preflight(listed.url, allowed);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization, content-type');
    expect(res.headers.get('vary')).toContain('origin');
  });

  it('refuses a preflight from any other origin, without CORS headers', async () => {
    const res = await preflight(listed.url, 'https://evil.example');
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(await res.text()).toContain('https://evil.example');
  });

  it('serves calls from a listed origin with Access-Control-Allow-Origin and Vary: Origin', async () => {
    const res = await fetch(`${listed.url}/trpc/shop.list?batch=1`, { headers: { origin: allowed } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(res.headers.get('vary')).toContain('origin');
  });

  it('refuses a call from an unlisted origin with 403 FORBIDDEN, and the mutation does not run', async () => {
    const email = `cors-${Date.now()}@example.test`;
    const res = await fetch(`${listed.url}/trpc/auth.register?batch=1`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ 0: superjson.serialize({ email, password: 'password-123', name: 'Mallory', role: 'buyer' }) }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(await res.json()).toMatchObject({
      error: { json: { message: expect.stringContaining('https://evil.example is not allowed') as string, data: { code: 'FORBIDDEN' } } },
    });
    await using anon = connect(listed.url, null, 'http');
    expect(await errorCode(anon.api.auth.login.mutate({ email, password: 'password-123' }))).toBe('UNAUTHORIZED');
  });

  it('by default allows the server\'s own origin only; calls without an Origin (programs) are not affected', async () => {
    const own = await fetch(`${defaults.url}/trpc/shop.list?batch=1`, { headers: { origin: defaults.url } });
    expect(own.status).toBe(200);
    const other = await fetch(`${defaults.url}/trpc/shop.list?batch=1`, { headers: { origin: 'http://localhost:5173' } });
    expect(other.status).toBe(403);
    expect((await fetch(`${defaults.url}/trpc/shop.list?batch=1`)).status).toBe(200);
  });

  it('allows any origin with *', async () => {
    await using any = await startTestServer({ ALLOWED_ORIGINS: '*' });
    const res = await fetch(`${any.url}/trpc/shop.list?batch=1`, { headers: { origin: 'https://anywhere.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://anywhere.example');
  });

  it('refuses to start with an ALLOWED_ORIGINS entry that is not an origin', () => {
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'https://ok.example, shop.example.com' })).toThrow(/ALLOWED_ORIGINS: "shop.example.com" is not an origin/);
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'https://ok.example/app' })).toThrow(/ALLOWED_ORIGINS/);
  });
});

describe('TRUST_PROXY and the client address', () => {
  const client = (url: string, forwardedFor: string) =>
    createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${url}/trpc`, transformer: superjson, headers: { 'x-forwarded-for': forwardedFor } })] });
  const failTenTimes = async (api: ReturnType<typeof client>, email: string) => {
    for (let i = 0; i < 10; i++) expect(await errorCode(api.auth.login.mutate({ email, password: 'wrong-password' }))).toBe('UNAUTHORIZED');
  };

  it('behind a trusted proxy, counts failed sign-ins per right-most X-Forwarded-For address (the left of it is the caller\'s to forge)', async () => {
    await using server = await startTestServer({ TRUST_PROXY: 'true' });
    await using anon = connect(server.url, null, 'http');
    const { user } = await registerBuyer(anon.api);
    // The attacker varies the part they control; the proxy appends the address it saw (203.0.113.7).
    for (let i = 0; i < 10; i++) expect(await errorCode(client(server.url, `198.51.100.${i}, 203.0.113.7`).auth.login.mutate({ email: user.email, password: 'nope-nope' }))).toBe('UNAUTHORIZED');
    expect(await errorCode(client(server.url, '203.0.113.7').auth.login.mutate({ email: user.email, password: 'password-123' }))).toBe('TOO_MANY_REQUESTS');
    // The owner, behind the same proxy from elsewhere, still signs in.
    expect((await client(server.url, '192.0.2.44').auth.login.mutate({ email: user.email, password: 'password-123' })).user.id).toBe(user.id);
  });

  it('without TRUST_PROXY, ignores X-Forwarded-For: every attempt counts against the socket\'s peer', async () => {
    await using server = await startTestServer();
    await using anon = connect(server.url, null, 'http');
    const { user } = await registerBuyer(anon.api);
    await failTenTimes(client(server.url, '198.51.100.1'), user.email);
    expect(await errorCode(client(server.url, '192.0.2.44').auth.login.mutate({ email: user.email, password: 'password-123' }))).toBe('TOO_MANY_REQUESTS');
  });
});
