import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, registerBuyer, registerSeller, type TestClient } from '../support/clients.js';
import { setupShop } from '../support/fixtures.js';
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

const listed = async (client: TestClient) => (await client.api.shop.list.query()).map((shop) => shop.id);

describe('shop.list: the shops open to buyers', () => {
  it('leaves out a shop with nothing on sale (new, or every product archived), and lists it once a product is on sale', async () => {
    const seller = await registerSeller(anon.api, 'Empty Corner');
    await using owner = connect(server.url, seller.token);
    await using buyer = connect(server.url, (await registerBuyer(anon.api)).token);
    // Its own team still has its name, from auth.me (the dashboard reads it there).
    expect((await owner.api.auth.me.query()).shops).toEqual([{ id: seller.shopId, name: 'Empty Corner', role: 'owner' }]);
    for (const who of [anon, buyer, owner]) expect(await listed(who)).not.toContain(seller.shopId);

    const product = await owner.api.product.create.mutate({ shopId: seller.shopId, name: 'Mug', sku: 'MUG', priceCents: 900, costCents: 400, stock: 3 });
    expect(await anon.api.shop.list.query()).toContainEqual({ id: seller.shopId, name: 'Empty Corner' });
    expect(await listed(buyer)).toContain(seller.shopId);

    await owner.api.product.archive.mutate({ productId: product.id });
    expect(await listed(anon)).not.toContain(seller.shopId);
    await owner.api.product.restore.mutate({ productId: product.id });
    expect(await listed(anon)).toContain(seller.shopId);
  });

  it('lists a shop whose products are sold out: out of stock is still a shop to browse (and to be told of restocks)', async () => {
    await using shop = await setupShop(server.url, [{ stock: 1 }]);
    await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: shop.products[0]?.id ?? '', quantity: 1 }] });
    expect((await shop.buyer.api.product.list.query({ shopId: shop.shopId }))[0]?.stock).toBe(0);
    expect(await listed(anon)).toContain(shop.shopId);
  });

  it('lists each open shop once, however many products it has', async () => {
    await using shop = await setupShop(server.url, [{}, {}, {}]);
    const ids = await listed(anon);
    expect(ids.filter((id) => id === shop.shopId)).toHaveLength(1);
    // Every shop listed has a product on sale, read from the rows.
    const onSale = await server.app.deps.db.selectFrom('products').select('shop_id').where('archived_at', 'is', null).distinct().execute();
    expect(new Set(ids)).toEqual(new Set(onSale.map((row) => row.shop_id)));
  });
});
