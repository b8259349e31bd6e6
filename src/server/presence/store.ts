/** Who is where, right now: never stored in the database, rebuilt from the connections that are there. */
export interface ShopFigures {
  visitors: number;
  viewersByProduct: Record<string, number>;
}

/**
 * Presence state shared by every instance. Each `enter` is one presence (a stream, on some
 * instance) and is undone by one `leave`: a visitor counts while they have any, so two tabs, or
 * tabs on two instances, are one visitor. This in-memory store serves one process; a Redis one
 * (keys with a TTL that instances refresh, DESIGN §9) implements the same methods.
 */
export interface PresenceStore {
  /** True when the shop's figures changed (a new visitor, or a new viewer of `productId`). */
  enter(shopId: string, visitor: string, productId: string | null): Promise<boolean>;
  leave(shopId: string, visitor: string, productId: string | null): Promise<boolean>;
  figures(shopId: string): Promise<ShopFigures>;
  /** One more live connection of a signed-in user; true when they came online. */
  connect(userId: string): Promise<boolean>;
  /** True when that was their last one: they went offline. */
  disconnect(userId: string): Promise<boolean>;
  online(userIds: readonly string[]): Promise<Set<string>>;
}

interface ShopPresence {
  visitors: Map<string, number>;
  products: Map<string, Map<string, number>>;
}

export function createMemoryPresenceStore(): PresenceStore {
  const shops = new Map<string, ShopPresence>();
  const connections = new Map<string, number>();

  return {
    enter(shopId, visitor, productId) {
      let shop = shops.get(shopId);
      if (!shop) shops.set(shopId, (shop = { visitors: new Map<string, number>(), products: new Map<string, Map<string, number>>() }));
      let changed = increment(shop.visitors, visitor);
      if (productId !== null) {
        let viewers = shop.products.get(productId);
        if (!viewers) shop.products.set(productId, (viewers = new Map<string, number>()));
        changed = increment(viewers, visitor) || changed;
      }
      return Promise.resolve(changed);
    },
    leave(shopId, visitor, productId) {
      const shop = shops.get(shopId);
      if (!shop) return Promise.resolve(false);
      let changed = decrement(shop.visitors, visitor);
      const viewers = productId === null ? undefined : shop.products.get(productId);
      if (productId !== null && viewers) {
        changed = decrement(viewers, visitor) || changed;
        if (viewers.size === 0) shop.products.delete(productId);
      }
      if (shop.visitors.size === 0) shops.delete(shopId);
      return Promise.resolve(changed);
    },
    figures(shopId) {
      const shop = shops.get(shopId);
      const viewersByProduct: Record<string, number> = {};
      for (const [productId, viewers] of shop?.products ?? []) viewersByProduct[productId] = viewers.size;
      return Promise.resolve({ visitors: shop?.visitors.size ?? 0, viewersByProduct });
    },
    connect: (userId) => Promise.resolve(increment(connections, userId)),
    disconnect: (userId) => Promise.resolve(decrement(connections, userId)),
    online: (userIds) => Promise.resolve(new Set(userIds.filter((id) => connections.has(id)))),
  };
}

/** True when `key` was absent. */
function increment(counts: Map<string, number>, key: string): boolean {
  const n = counts.get(key) ?? 0;
  counts.set(key, n + 1);
  return n === 0;
}

/** True when `key` is now gone. */
function decrement(counts: Map<string, number>, key: string): boolean {
  const n = counts.get(key);
  if (n === undefined) return false;
  if (n > 1) {
    counts.set(key, n - 1);
    return false;
  }
  counts.delete(key);
  return true;
}
