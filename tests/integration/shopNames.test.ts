import { Migrator } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { openDatabase } from '../../src/server/db/database.js';
import { codeOf, connect, errorCode, registerSeller, type TestClient } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { setupTeam } from '../support/team.js';
import { TRPCClientError } from '@trpc/client';

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

async function failure(call: Promise<unknown>): Promise<{ code: string | undefined; message: string; reason: unknown }> {
  try {
    await call;
  } catch (error) {
    const reason = error instanceof TRPCClientError ? (error.data as { reason?: unknown } | undefined)?.reason : undefined;
    return { code: codeOf(error), message: error instanceof TRPCClientError ? error.message : String(error), reason };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

const roleOf = async (shopId: string, userId: string) =>
  (await server.app.deps.db.selectFrom('shop_sellers').select('role').where('shop_id', '=', shopId).where('user_id', '=', userId).executeTakeFirst())?.role;

describe('shop names, one seller’s shops apart', () => {
  it('refuses to make someone owner of a shop named like one they already own (CONFLICT, in words); nothing changes', async () => {
    await using shop = await setupTeam(server.url, []);
    const managerShop = (await shop.manager.client.api.auth.me.query()).shops.find((s) => s.role === 'owner');
    await shop.seller.api.shop.update.mutate({ shopId: shop.shopId, name: ` ${managerShop?.name.toUpperCase() ?? ''} ` });
    expect(await failure(shop.seller.api.team.setRole.mutate({ shopId: shop.shopId, userId: shop.manager.userId, role: 'owner' }))).toEqual({
      code: 'CONFLICT',
      message: `They already own a shop named “${managerShop?.name.toUpperCase() ?? ''}”: one of the two shops needs another name before they can own both`,
      reason: 'shop_name_taken',
    });
    expect(await roleOf(shop.shopId, shop.manager.userId)).toBe('manager');
    // Another name, and they can own both; as owners of both, neither shop may take the other's name.
    await shop.seller.api.shop.update.mutate({ shopId: shop.shopId, name: 'Harbour Kiosk' });
    await shop.seller.api.team.setRole.mutate({ shopId: shop.shopId, userId: shop.manager.userId, role: 'owner' });
    expect(await errorCode(shop.manager.client.api.shop.update.mutate({ shopId: managerShop?.id ?? '', name: 'harbour kiosk' }))).toBe('CONFLICT');
    // Made manager again, the name is theirs to reuse.
    await shop.seller.api.team.setRole.mutate({ shopId: shop.shopId, userId: shop.manager.userId, role: 'manager' });
    expect(await shop.manager.client.api.shop.update.mutate({ shopId: managerShop?.id ?? '', name: 'harbour kiosk' })).toEqual({ id: managerShop?.id, name: 'harbour kiosk' });
  });

  it('is held by a unique index too: two owner rows of one seller with one name key cannot be written', async () => {
    const seller = await registerSeller(anon.api, 'Pier Café');
    await using client = connect(server.url, seller.token);
    const second = await client.api.shop.create.mutate({ name: 'Dock Café' });
    const keys = await server.app.deps.db.selectFrom('shop_sellers').select(['shop_id', 'owned_name_key']).where('user_id', '=', seller.user.id).orderBy('owned_name_key').execute();
    expect(keys).toEqual([
      { shop_id: second.id, owned_name_key: 'dock café' },
      { shop_id: seller.shopId, owned_name_key: 'pier café' },
    ]);
    await expect(
      server.app.deps.db.updateTable('shop_sellers').set({ owned_name_key: 'pier café' }).where('shop_id', '=', second.id).where('user_id', '=', seller.user.id).execute(),
    ).rejects.toMatchObject({ code: expect.stringMatching(/^(SQLITE_CONSTRAINT_UNIQUE|23505)$/) as unknown });
  });
});

describe('migration 0012', () => {
  it('gives owner rows their name key, and renames a shop that already clashed with an older one of the same owner', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shopwire-names-'));
    const db = openDatabase(join(dir, 'old.sqlite'));
    try {
      const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0012'));
      await new Migrator({ db, provider: { getMigrations: () => Promise.resolve(before) } }).migrateToLatest();
      const user = (id: string) => ({ id, email: `${id}@example.test`, name: id, role: 'seller' as const, password_hash: 'x', created_at: 0 });
      await db.insertInto('users').values([user('a'), user('b')]).execute();
      await db
        .insertInto('shops')
        .values([
          { id: 's1', name: 'Corner', created_at: 1 },
          { id: 's2', name: 'corner ', created_at: 2 },
          { id: 's3', name: 'Corner (2)', created_at: 3 },
          { id: 's4', name: 'Corner', created_at: 4 },
        ])
        .execute();
      const seat = (shop: string, userId: string, role: 'owner' | 'manager') => ({ shop_id: shop, user_id: userId, role }) as never;
      // a owns s1, s2 and s3 (s2 clashes with s1, and its first free name is then "corner (3)"); b owns s4 and manages s1.
      await db.insertInto('shop_sellers').values([seat('s1', 'a', 'owner'), seat('s2', 'a', 'owner'), seat('s3', 'a', 'owner'), seat('s4', 'b', 'owner'), seat('s1', 'b', 'manager')]).execute();

      const { error } = await new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } }).migrateToLatest();
      expect(error).toBeUndefined();
      expect(await db.selectFrom('shops').select(['id', 'name']).orderBy('id').execute()).toEqual([
        { id: 's1', name: 'Corner' },
        { id: 's2', name: 'corner (3)' },
        { id: 's3', name: 'Corner (2)' },
        { id: 's4', name: 'Corner' },
      ]);
      expect(await db.selectFrom('shop_sellers').select(['shop_id', 'user_id', 'owned_name_key']).orderBy('shop_id').orderBy('user_id').execute()).toEqual([
        { shop_id: 's1', user_id: 'a', owned_name_key: 'corner' },
        { shop_id: 's1', user_id: 'b', owned_name_key: null },
        { shop_id: 's2', user_id: 'a', owned_name_key: 'corner (3)' },
        { shop_id: 's3', user_id: 'a', owned_name_key: 'corner (2)' },
        { shop_id: 's4', user_id: 'b', owned_name_key: 'corner' },
      ]);
    } finally {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
