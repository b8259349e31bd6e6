import { TRPCClientError } from '@trpc/client';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../../src/server/router.js';
import { connect, errorCode, registerBuyer, registerSeller, type TestClient } from '../support/clients.js';
import { setupShop, type ShopFixture } from '../support/fixtures.js';
import { captureLogs } from '../support/logs.js';
import { startTestServer, type TestServer } from '../support/server.js';

// Two databases signed with one secret: a token from one is well signed on the other, for a user it never had.
const JWT_SECRET = 'one-secret-shared-by-two-databases-0123456789';

const logs = captureLogs();
let server: TestServer;
let other: TestServer;
let shop: ShopFixture;
let foreignBuyer: string;
let foreignSeller: string;

beforeAll(async () => {
  server = await startTestServer({ JWT_SECRET }, { logger: logs.logger });
  other = await startTestServer({ JWT_SECRET });
  shop = await setupShop(server.url);
  await using anon = connect(other.url);
  foreignBuyer = (await registerBuyer(anon.api)).token;
  foreignSeller = (await registerSeller(anon.api)).token;
});
afterAll(async () => {
  await shop[Symbol.asyncDispose]();
  await other[Symbol.asyncDispose]();
  await server[Symbol.asyncDispose]();
});

/** The error code a call failed with, or 'OK', so a whole round compares in one assertion. */
const outcome = (call: Promise<unknown>) => errorCode(call).catch(() => 'OK');

async function subscriptionErrorCode(client: TestClient, shopId: string): Promise<string> {
  return new Promise((resolve) => {
    const sub = client.api.dashboard.onDashboardUpdate.subscribe(
      { shopId },
      {
        onData: () => resolve('DATA'),
        onError: (error) => {
          sub.unsubscribe();
          resolve(error instanceof TRPCClientError ? ((error as TRPCClientError<AppRouter>).data?.code ?? 'UNKNOWN') : String(error));
        },
      },
    );
  });
}

/** Every call that needs a user, made with a token whose user this database does not have. */
async function callsNeedingAUser(buyer: TestClient, seller: TestClient) {
  const productId = shop.products[0]?.id ?? '';
  return {
    me: await outcome(buyer.api.auth.me.query()),
    place: await outcome(buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity: 1 }] })),
    listMine: await outcome(buyer.api.order.listMine.query({})),
    createShop: await outcome(seller.api.shop.create.mutate({ name: 'Ghost shop' })),
    createProduct: await outcome(
      seller.api.product.create.mutate({ shopId: shop.shopId, name: 'Ghost', sku: 'G-1', priceCents: 100, costCents: 50, stock: 1 }),
    ),
    logout: await outcome(buyer.api.auth.logout.mutate()),
  };
}

const allUnauthorized = { me: 'UNAUTHORIZED', place: 'UNAUTHORIZED', listMine: 'UNAUTHORIZED', createShop: 'UNAUTHORIZED', createProduct: 'UNAUTHORIZED', logout: 'UNAUTHORIZED' };

describe('a valid token for a user this database does not have', () => {
  it('is UNAUTHORIZED for every call needing a user over HTTP, writes nothing and logs no failure', async () => {
    await using buyer = connect(server.url, foreignBuyer, 'http');
    await using seller = connect(server.url, foreignSeller, 'http');
    expect(await callsNeedingAUser(buyer, seller)).toEqual(allUnauthorized);
    // Twice: a verification that found no user must not be cached as a good one.
    expect(await callsNeedingAUser(buyer, seller)).toEqual(allUnauthorized);
    expect(await shop.seller.api.order.list.query({ shopId: shop.shopId })).toMatchObject({ items: [] });
    expect((await shop.seller.api.product.list.query({ shopId: shop.shopId })).map((p) => p.name)).toEqual([shop.products[0]?.name]);
    expect(logs.failures()).toEqual([]);
  });

  it('is UNAUTHORIZED over a WebSocket (whose context is made once per connection), streams included', async () => {
    await using buyer = connect(server.url, foreignBuyer);
    await using seller = connect(server.url, foreignSeller);
    expect(await callsNeedingAUser(buyer, seller)).toEqual(allUnauthorized);
    expect(await subscriptionErrorCode(seller, shop.shopId)).toBe('UNAUTHORIZED');
    expect(logs.failures()).toEqual([]);
  });

  it('is UNAUTHORIZED once the user row is deleted, over HTTP and WebSocket', async () => {
    await using anon = connect(server.url);
    const { token, user } = await registerBuyer(anon.api);
    await server.app.deps.db.deleteFrom('users').where('id', '=', user.id).execute();
    await using http = connect(server.url, token, 'http');
    await using ws = connect(server.url, token);
    expect(await errorCode(http.api.order.listMine.query({}))).toBe('UNAUTHORIZED');
    expect(await errorCode(ws.api.order.listMine.query({}))).toBe('UNAUTHORIZED');
    expect(logs.failures()).toEqual([]);
  });
});

describe('an unexpected error', () => {
  it('answers INTERNAL_SERVER_ERROR with a generic message over HTTP and WebSocket, and the cause goes to the log only', async () => {
    // A table that is gone makes every read of it fail inside the database, with SQL words in the message.
    await sql`ALTER TABLE shops RENAME TO shops_gone`.execute(server.app.deps.db);
    try {
      await using http = connect(server.url, null, 'http');
      await using ws = connect(server.url);
      for (const client of [http, ws]) {
        const error = await client.api.shop.list.query().then(
          () => null,
          (e: unknown) => e as TRPCClientError<AppRouter>,
        );
        expect(error?.data?.code).toBe('INTERNAL_SERVER_ERROR');
        expect(error?.message).toBe('Something went wrong on our side');
        expect(JSON.stringify({ ...error, message: error?.message })).not.toMatch(/shops|table|sql/i);
      }
      const logged = logs.failures();
      expect(logged.map((e) => e.msg)).toEqual(['procedure failed', 'procedure failed']);
      expect(JSON.stringify(logged)).toMatch(/no such table: shops|relation \\"shops\\" does not exist/);
    } finally {
      await sql`ALTER TABLE shops_gone RENAME TO shops`.execute(server.app.deps.db);
    }
  });
});
