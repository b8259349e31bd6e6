import { WebSocket } from 'ws';
import { nowMs } from './proc.js';
import { createShopwireClient, type ShopwireClient } from '../src/client/sdk/createShopwireClient.js';

export type Transport = 'ws' | 'http';
export type Api = ShopwireClient['api'];

export interface SellerShop {
  shopId: string;
  sellerToken: string;
  productIds: string[];
}

export interface Buyer {
  token: string;
  client: ShopwireClient;
  /**
   * When each order.place message left this buyer's socket (WebSocket transport only), in call
   * order: wsLink sends requests in the order they were made, so the k-th entry is the k-th call.
   */
  orderSends: number[];
  /** order.place calls made so far: the next call's index into orderSends. */
  ordersCalled: number;
}

export const PASSWORD = 'bench-password-1';
/** Orders must never fail for stock; failures are counted separately and must stay 0. */
export const HUGE_STOCK = 1_000_000_000;

export function connect(url: string, token: string | null, transport: Transport, socket: new (url: string, protocols?: string | string[]) => unknown = WebSocket): ShopwireClient {
  return createShopwireClient({ url, token: () => token, WebSocket: socket, transport });
}

/** Runs `task` over `items` with at most `concurrency` in flight, keeping result order. */
export async function inBatches<T, R>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const index = next++;
      if (index >= items.length) return;
      results[index] = await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/**
 * Registers `count` sellers (each registration creates one shop) and gives each shop a
 * few products with huge stock. Registration hashes with scrypt, so it goes in small batches.
 */
export async function setupShops(url: string, count: number, runTag: string, productsPerShop = 3): Promise<SellerShop[]> {
  const anon = connect(url, null, 'http');
  try {
    return await inBatches(Array.from({ length: count }, (_, i) => i), 8, async (i) => {
      const { token, user } = await anon.api.auth.register.mutate({
        email: `seller-${runTag}-${i}@bench.test`,
        password: PASSWORD,
        name: `Seller ${i}`,
        role: 'seller',
        shopName: `Bench shop ${i}`,
      });
      const shopId = user.shopIds[0];
      if (!shopId) throw new Error(`seller ${i} registered without a shop`);
      const seller = connect(url, token, 'http');
      try {
        const productIds: string[] = [];
        for (let p = 0; p < productsPerShop; p++) {
          const product = await seller.api.product.create.mutate({
            shopId,
            name: `Product ${i}-${p}`,
            sku: `SKU-${i}-${p}`,
            priceCents: 500 + 100 * p,
            costCents: 200 + 50 * p,
            stock: HUGE_STOCK,
            lowStockThreshold: 5,
          });
          productIds.push(product.id);
        }
        return { shopId, sellerToken: token, productIds };
      } finally {
        await seller.close();
      }
    });
  } finally {
    await anon.close();
  }
}

/** Buyer i connects to `urls[i % urls.length]`: with several instances, orders come in through all of them. */
export async function setupBuyers(urls: string | readonly string[], count: number, runTag: string, transport: Transport): Promise<Buyer[]> {
  const list = typeof urls === 'string' ? [urls] : urls;
  const url = list[0];
  if (url === undefined) throw new Error('setupBuyers needs a server URL');
  const anon = connect(url, null, 'http');
  try {
    return await inBatches(Array.from({ length: count }, (_, i) => i), 8, async (i) => {
      const { token } = await anon.api.auth.register.mutate({
        email: `buyer-${runTag}-${i}@bench.test`,
        password: PASSWORD,
        name: `Buyer ${i}`,
        role: 'buyer',
      });
      const orderSends: number[] = [];
      const client = connect(list[i % list.length] ?? url, token, transport, stampingWebSocket(orderSends));
      return { token, client, orderSends, ordersCalled: 0 };
    });
  } finally {
    await anon.close();
  }
}

export interface OrderLine {
  productId: string;
  quantity: number;
}

/** 1-3 distinct lines of 1-3 units each from the shop's products. */
export function randomLines(shop: SellerShop, random: () => number): OrderLine[] {
  const count = 1 + Math.floor(random() * Math.min(3, shop.productIds.length));
  const pool = [...shop.productIds];
  const lines: OrderLine[] = [];
  for (let i = 0; i < count && pool.length > 0; i++) {
    const [productId] = pool.splice(Math.floor(random() * pool.length), 1);
    if (productId) lines.push({ productId, quantity: 1 + Math.floor(random() * 3) });
  }
  return lines;
}

/** Small seeded PRNG (mulberry32) so runs place comparable order mixes. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ORDER_PLACE = '"path":"order.place"';

/**
 * A `ws` WebSocket that notes when each order.place message is handed to the socket. wsLink holds
 * a request back for a timer turn (at least 1 ms) before sending it, so "send" has two readings:
 * the call, and the message leaving the buyer; the bench reports latency from both.
 */
function stampingWebSocket(sends: number[]) {
  return class StampingWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      const send = this.send.bind(this) as (...args: unknown[]) => void;
      this.send = ((...args: unknown[]) => {
        const [data] = args;
        if (typeof data === 'string' && data.includes(ORDER_PLACE)) {
          const at = nowMs();
          for (let i = data.indexOf(ORDER_PLACE); i >= 0; i = data.indexOf(ORDER_PLACE, i + 1)) sends.push(at);
        }
        send(...args);
      }) as WebSocket['send'];
    }
  };
}
