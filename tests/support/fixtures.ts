import { connect, registerBuyer, registerSeller, type TestClient } from './clients.js';

export interface ShopFixture extends AsyncDisposable {
  shopId: string;
  seller: TestClient;
  sellerToken: string;
  buyer: TestClient;
  buyerId: string;
  buyerToken: string;
  products: { id: string; name: string; priceCents: number; costCents: number | null; stock: number; lowStockThreshold: number }[];
}

/** A shop with a seller, a buyer and the given products, each side on its own signed-in WebSocket client. */
export async function setupShop(
  url: string,
  products: { name?: string; priceCents?: number; costCents?: number; stock?: number; lowStockThreshold?: number }[] = [{}],
): Promise<ShopFixture> {
  const anon = connect(url);
  try {
    const seller = await registerSeller(anon.api);
    const buyer = await registerBuyer(anon.api);
    const sellerClient = connect(url, seller.token);
    const created = [];
    for (const [index, p] of products.entries()) {
      created.push(
        await sellerClient.api.product.create.mutate({
          shopId: seller.shopId,
          name: p.name ?? `Product ${index + 1}`,
          sku: `SKU-${index + 1}`,
          priceCents: p.priceCents ?? 1000,
          costCents: p.costCents ?? 600,
          stock: p.stock ?? 100,
          lowStockThreshold: p.lowStockThreshold ?? 5,
        }),
      );
    }
    const buyerClient = connect(url, buyer.token);
    return {
      shopId: seller.shopId,
      seller: sellerClient,
      sellerToken: seller.token,
      buyer: buyerClient,
      buyerId: buyer.user.id,
      buyerToken: buyer.token,
      products: created,
      async [Symbol.asyncDispose]() {
        await Promise.all([sellerClient.close(), buyerClient.close()]);
      },
    };
  } finally {
    await anon.close();
  }
}
