import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { startApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import type { AppRouter } from '../../src/server/router.js';
import { setupShop } from '../support/fixtures.js';
import { connect, errorCode, registerBuyer, registerSeller, zodIssues, type TestClient } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let anon: TestClient;

beforeAll(async () => {
  server = await startTestServer();
  anon = connect(server.url);
});
afterAll(async () => {
  await anon.close();
  await server[Symbol.asyncDispose]();
});

describe('auth', () => {
  it('registers a seller with a shop they own, and me() answers with it', async () => {
    const { token, user } = await anon.api.auth.register.mutate({
      email: 'Owner@Example.test',
      password: 'long-enough',
      name: 'Owner',
      role: 'seller',
      shopName: 'Owner Goods',
    });
    expect(user).toMatchObject({ email: 'owner@example.test', name: 'Owner', role: 'seller' });
    expect(user.shopIds).toHaveLength(1);
    await using me = connect(server.url, token);
    expect(await me.api.auth.me.query()).toEqual(user);
    expect((await me.api.auth.me.query()).shops).toEqual([{ id: user.shopIds[0], name: 'Owner Goods', role: 'owner' }]);
    // Nothing on sale yet: buyers are not shown it (tests/integration/openShops.test.ts).
    expect((await anon.api.shop.list.query()).map((s) => s.id)).not.toContain(user.shopIds[0]);
  });

  it('registers a buyer without a shop, and logs in with the same password over HTTP too', async () => {
    const { user } = await registerBuyer(anon.api);
    expect(user.role).toBe('buyer');
    expect(user.shopIds).toEqual([]);
    await using http = connect(server.url, null, 'http');
    const login = await http.api.auth.login.mutate({ email: user.email, password: 'password-123' });
    expect(login.user).toEqual(user);
    await using me = connect(server.url, login.token, 'http');
    expect((await me.api.auth.me.query()).id).toBe(user.id);
  });

  it('refuses a second account with the same email (any case) and creates nothing', async () => {
    const { user } = await registerBuyer(anon.api);
    const before = await anon.api.shop.list.query();
    expect(
      await errorCode(
        anon.api.auth.register.mutate({ email: user.email.toUpperCase(), password: 'password-123', name: 'X', role: 'seller', shopName: 'Dup' }),
      ),
    ).toBe('CONFLICT');
    // The cause is named, so a client can title it ("That email already has an account"), not just "conflict".
    await expect(
      anon.api.auth.register.mutate({ email: user.email, password: 'password-123', name: 'X', role: 'buyer' }),
    ).rejects.toMatchObject({ message: 'An account with this email already exists', data: { code: 'CONFLICT', reason: 'email_taken' } });
    expect(await anon.api.shop.list.query()).toEqual(before);
  });

  it('answers UNAUTHORIZED for a wrong password or unknown email, with one message for both', async () => {
    const { user } = await registerBuyer(anon.api);
    const wrong = anon.api.auth.login.mutate({ email: user.email, password: 'not-the-password' });
    await expect(wrong).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED', reason: 'bad_credentials' } });
    await expect(anon.api.auth.login.mutate({ email: 'nobody@example.test', password: 'whatever-123' })).rejects.toThrow(
      'Invalid email or password',
    );
  });

  it.each([
    ['a short password', { email: 'a@example.test', password: 'short', name: 'A', role: 'buyer' }, 'password'],
    ['a bad email', { email: 'not-an-email', password: 'password-123', name: 'A', role: 'buyer' }, 'email'],
    ['an unknown role', { email: 'b@example.test', password: 'password-123', name: 'A', role: 'admin' }, 'role'],
    ['a seller without a shop name', { email: 'c@example.test', password: 'password-123', name: 'A', role: 'seller' }, 'shopName'],
    ['an empty name', { email: 'd@example.test', password: 'password-123', name: '  ', role: 'buyer' }, 'name'],
  ])('refuses %s with BAD_REQUEST and zod issues in plain words, creating no account', async (_label, input, field) => {
    const call = anon.api.auth.register.mutate(input as never);
    const issues = (await zodIssues(call)) as { path: string[]; message: string }[];
    expect(issues.map((i) => i.path[0])).toContain(field);
    // Words a person acts on ("must be at least 8 characters"), never zod's "Too small: expected string to have >=8 characters".
    for (const issue of issues) expect(issue.message).not.toMatch(/Too small|Too big|expected|Invalid/);
    expect(await errorCode(anon.api.auth.register.mutate(input as never))).toBe('BAD_REQUEST');
    const email = (input as { email: string }).email;
    expect(await errorCode(anon.api.auth.login.mutate({ email, password: 'password-123' }))).toBe('UNAUTHORIZED');
  });

  it('answers UNAUTHORIZED without a token, with a forged token, and with garbage over HTTP', async () => {
    expect(await errorCode(anon.api.auth.me.query())).toBe('UNAUTHORIZED');
    const { token } = await registerSeller(anon.api);
    const [header, payload] = token.split('.');
    await using forged = connect(server.url, `${header}.${payload}.AAAA`);
    expect(await errorCode(forged.api.auth.me.query())).toBe('UNAUTHORIZED');
    await using http = connect(server.url, 'garbage', 'http');
    expect(await errorCode(http.api.auth.me.query())).toBe('UNAUTHORIZED');
  });
});

describe('sign-in throttling', () => {
  const wrong = (api: TestClient['api'], email: string) => errorCode(api.auth.login.mutate({ email, password: 'not-the-password' }));

  it('refuses an account after 10 failed sign-ins from one address, over HTTP and WebSocket alike, even with the right password; other accounts still sign in', async () => {
    const { user } = await registerBuyer(anon.api);
    const other = await registerBuyer(anon.api);
    await using http = connect(server.url, null, 'http');
    // One count per account and address, whichever transport the attempt came over.
    for (let i = 0; i < 5; i++) expect(await wrong(http.api, user.email)).toBe('UNAUTHORIZED');
    for (let i = 0; i < 5; i++) expect(await wrong(anon.api, user.email.toUpperCase())).toBe('UNAUTHORIZED');

    for (const api of [http.api, anon.api]) {
      const refused = api.auth.login.mutate({ email: user.email, password: 'password-123' });
      expect(await errorCode(refused)).toBe('TOO_MANY_REQUESTS');
      const error = await api.auth.login.mutate({ email: user.email, password: 'password-123' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TRPCClientError);
      const { message, data } = error as TRPCClientError<AppRouter>;
      expect(message).toBe('Too many failed sign-ins. Try again in 15 minutes.');
      expect(data?.retryAfterSeconds).toBeGreaterThan(890);
      expect(data?.retryAfterSeconds).toBeLessThanOrEqual(900);
    }
    // A different account from the same address is not affected.
    expect((await http.api.auth.login.mutate({ email: other.user.email, password: 'password-123' })).user.id).toBe(other.user.id);
  });

  it('clears the count on a successful sign-in, so only consecutive failures count', async () => {
    const { user } = await registerBuyer(anon.api);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 9; i++) expect(await wrong(anon.api, user.email)).toBe('UNAUTHORIZED');
      expect((await anon.api.auth.login.mutate({ email: user.email, password: 'password-123' })).user.id).toBe(user.id);
    }
  });
});

describe('sign-out', () => {
  it('refuses a signed-out token over HTTP and WebSocket, ends the streams it holds open, and leaves the same user\'s other sessions alone', async () => {
    await using shop = await setupShop(server.url);
    const other = await anon.api.auth.login.mutate({ email: (await shop.seller.api.auth.me.query()).email, password: 'password-123' });
    expect(other.token).not.toBe(shop.sellerToken);

    const errors: string[] = [];
    const stream = shop.seller.api.dashboard.onDashboardUpdate.subscribe(
      { shopId: shop.shopId },
      { onError: (error) => errors.push((error as TRPCClientError<AppRouter>).data?.code ?? error.message) },
    );
    await expect.poll(() => server.app.deps.bus.listenerCount(`shop:${shop.shopId}`)).toBe(1);

    await using http = connect(server.url, shop.sellerToken, 'http');
    expect(await http.api.auth.logout.mutate()).toEqual({ signedOut: true });
    // The open socket is closed; wsLink reconnects with the same token and the stream is refused.
    await expect.poll(() => errors, { timeout: 5_000 }).toEqual(['UNAUTHORIZED']);
    expect(server.app.deps.bus.listenerCount(`shop:${shop.shopId}`)).toBe(0);
    stream.unsubscribe();

    expect(await errorCode(http.api.auth.me.query())).toBe('UNAUTHORIZED');
    await using ws = connect(server.url, shop.sellerToken);
    expect(await errorCode(ws.api.auth.me.query())).toBe('UNAUTHORIZED');
    expect(await errorCode(ws.api.auth.logout.mutate())).toBe('UNAUTHORIZED');
    await using still = connect(server.url, other.token);
    expect((await still.api.auth.me.query()).id).toBe(other.user.id);
  });

  it('answers a sign-out made over the WebSocket before closing that connection', async () => {
    const { token } = await registerBuyer(anon.api);
    await using ws = connect(server.url, token);
    expect((await ws.api.auth.me.query()).role).toBe('buyer');
    expect(await ws.api.auth.logout.mutate()).toEqual({ signedOut: true });
    expect(await errorCode(ws.api.auth.me.query())).toBe('UNAUTHORIZED');
  });

  it('keeps a token signed out across a restart', async () => {
    const restarting = await startTestServer();
    const registering = connect(restarting.url);
    const { user, token } = await registerBuyer(registering.api);
    await registering.close();
    await using before = connect(restarting.url, token, 'http');
    await before.api.auth.logout.mutate();
    await restarting.app.stop();
    const config = loadConfig({ PORT: '0', ...restarting.databaseEnv, SEED_DEMO: 'false', LOG_LEVEL: 'silent', STATIC_DIR: join(restarting.dir, 'no-client') });
    const again = await startApp({ config, logger: pino({ level: 'silent' }) });
    try {
      await using after = connect(again.url, token, 'http');
      expect(await errorCode(after.api.auth.me.query())).toBe('UNAUTHORIZED');
      const fresh = await after.api.auth.login.mutate({ email: user.email, password: 'password-123' });
      await using signedIn = connect(again.url, fresh.token, 'http');
      expect((await signedIn.api.auth.me.query()).id).toBe(user.id);
    } finally {
      await again.stop();
      rmSync(restarting.dir, { recursive: true, force: true });
    }
  });
});
