import type { PresenceStore, ShopFigures } from '../presence/store.js';
import type { Redis } from './redis.js';

export interface RedisPresenceOptions {
  redis: Redis;
  prefix: string;
  instanceId: string;
  /** A presence this instance stops refreshing (it died) leaves the counts this long after. */
  ttlMs: number;
  now?: () => number;
  onError: (error: unknown) => void;
}

export interface RedisPresenceStore extends PresenceStore {
  /** Stops refreshing and takes this instance's presences out (a stop, not a crash: no need to wait for the TTL). */
  stop(): Promise<void>;
}

const SEP = '\u0000';

/**
 * Presence shared by every instance (DESIGN §9: Redis keys with a TTL). Each instance counts its
 * own presences in memory, as the one-process store does, and mirrors each one that starts or
 * ends as a member of a sorted set whose score is when it expires: per shop
 * `instance|visitor|product`, per user `instance`. A timer pushes its members' expiry on, so an
 * instance that dies (kill -9, no goodbye) leaves the counts once its members expire; the counts
 * are distinct visitors over the members not yet expired. Without the broker, figures fall back to
 * this instance's own presences.
 */
export function createRedisPresenceStore({ redis, prefix, instanceId, ttlMs, now = () => Date.now(), onError }: RedisPresenceOptions): RedisPresenceStore {
  const shopKey = (shopId: string) => `${prefix}presence:shop:${shopId}`;
  const userKey = (userId: string) => `${prefix}presence:user:${userId}`;
  // key -> member -> count of this instance's presences behind it.
  const mine = new Map<string, Map<string, number>>();
  const visitMember = (visitor: string, productId: string | null) => [instanceId, visitor, productId ?? ''].join(SEP);

  const add = async (key: string, member: string): Promise<boolean> => {
    let members = mine.get(key);
    if (!members) mine.set(key, (members = new Map<string, number>()));
    const n = members.get(member) ?? 0;
    members.set(member, n + 1);
    if (n > 0) return false;
    // Failed (the broker is away): the refresh timer adds it once the broker is back.
    if (redis.isReady) await redis.multi().zAdd(key, { score: now() + ttlMs, value: member }).pExpire(key, ttlMs).exec().catch(onError);
    return true;
  };
  const remove = async (key: string, member: string): Promise<boolean> => {
    const members = mine.get(key);
    const n = members?.get(member);
    if (!members || n === undefined) return false;
    if (n > 1) {
      members.set(member, n - 1);
      return false;
    }
    members.delete(member);
    if (members.size === 0) mine.delete(key);
    // Failed: the member expires with its TTL, as a dead instance's would.
    await redis.zRem(key, member).catch(onError);
    return true;
  };
  const live = async (key: string): Promise<string[]> => {
    try {
      return await redis.zRangeByScore(key, now(), '+inf');
    } catch (error) {
      onError(error);
      return [...(mine.get(key)?.keys() ?? [])];
    }
  };
  const instancesOnline = async (userId: string) => (await live(userKey(userId))).length;

  const refresh = setInterval(() => {
    // A MULTI waits in the client while it reconnects (its offline queue is off for single commands only): skip instead.
    if (mine.size === 0 || !redis.isReady) return;
    const expiry = now() + ttlMs;
    const batch = redis.multi();
    for (const [key, members] of mine) {
      batch.zRemRangeByScore(key, '-inf', now());
      for (const member of members.keys()) batch.zAdd(key, { score: expiry, value: member });
      batch.pExpire(key, ttlMs);
    }
    batch.exec().catch(onError);
  }, Math.max(100, Math.floor(ttlMs / 3)));
  refresh.unref();

  return {
    enter: (shopId, visitor, productId) => add(shopKey(shopId), visitMember(visitor, productId)),
    leave: (shopId, visitor, productId) => remove(shopKey(shopId), visitMember(visitor, productId)),
    async figures(shopId): Promise<ShopFigures> {
      const visitors = new Set<string>();
      const viewers = new Map<string, Set<string>>();
      for (const member of await live(shopKey(shopId))) {
        const [, visitor = '', productId = ''] = member.split(SEP);
        visitors.add(visitor);
        if (productId === '') continue;
        let set = viewers.get(productId);
        if (!set) viewers.set(productId, (set = new Set()));
        set.add(visitor);
      }
      return { visitors: visitors.size, viewersByProduct: Object.fromEntries([...viewers].map(([id, set]) => [id, set.size])) };
    },
    async connect(userId) {
      if (!(await add(userKey(userId), instanceId))) return false;
      return (await instancesOnline(userId)) === 1;
    },
    async disconnect(userId) {
      if (!(await remove(userKey(userId), instanceId))) return false;
      return (await instancesOnline(userId)) === 0;
    },
    async online(userIds) {
      const counts = await Promise.all(userIds.map(instancesOnline));
      return new Set(userIds.filter((_, i) => (counts[i] ?? 0) > 0));
    },
    async stop() {
      clearInterval(refresh);
      if (mine.size === 0 || !redis.isReady) return;
      const batch = redis.multi();
      for (const [key, members] of mine) batch.zRem(key, [...members.keys()]);
      mine.clear();
      await batch.exec().catch(onError);
    },
  };
}
