import { randomUUID } from 'node:crypto';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { memoryLimiter, type LimiterStore } from '../auth/loginGuard.js';
import type { ActivityKind, LiveViewEvent, VisitFigures } from '../../shared/presence.js';
import type { TokenClaims } from '../auth/tokens.js';
import { assertProductInShop } from '../catalog/access.js';
import type { Clock } from '../clock.js';
import type { Executor } from '../db/database.js';
import { RetryLaterError } from '../errors.js';
import type { Connection, ConnectionRegistry } from '../live/connections.js';
import type { LiveEngine, LiveStream } from '../live/engine.js';
import { topicKinds, visitKey } from '../live/topics.js';
import { assertShopExists } from '../shops/access.js';
import { listShopMembers, shopsOfMember } from '../shops/members.js';
import type { PresenceStore } from './store.js';

/** Delays a presence's end by the grace; injected so tests need not wait for real time. */
export type Later = (ms: number, fn: () => void) => { clear(): void };

export const realLater: Later = (ms, fn) => {
  const timer = setTimeout(fn, ms);
  timer.unref();
  return { clear: () => clearTimeout(timer) };
};

export interface PresenceOptions {
  db: Executor;
  live: LiveEngine;
  store: PresenceStore;
  clock: Clock;
  connections: ConnectionRegistry;
  /** How long a presence outlives its stream or connection, so a reconnect does not flicker the counts. */
  graceMs: number;
  reportsPerMinute: number;
  /** Where report counts live: this process, or the broker shared by every instance (cluster/). */
  limiter?: LimiterStore;
  later?: Later;
  onError: (error: unknown) => void;
}

/** Who is calling, as presence tells visitors apart. */
export interface Visitor {
  user: TokenClaims | null;
  connection: Connection | null;
  address: string;
}

export interface Presence {
  visit(who: Visitor, shopId: string, productId: string | null): Promise<LiveStream<VisitFigures>>;
  watchShop(user: TokenClaims, shopId: string): Promise<LiveStream<LiveViewEvent>>;
  report(who: Visitor, input: { shopId: string; kind: Exclude<ActivityKind, 'viewing_product'>; productId?: string | undefined }): Promise<{ ok: true }>;
  /** Ends the grace timers (the app is stopping). */
  stop(): void;
}

/**
 * Presence and the live view (CONTRACT "Presence and live view"): who visits a shop and who of
 * its team is online. Nothing is stored: streams and connections enter and leave the store, and
 * after a restart the counts rebuild as clients come back. A visitor is a signed-in user, else
 * the browser's own visitor id (connectionParams), else one anonymous connection: a user's or a
 * browser's tabs count once, and its reconnects do not flicker the counts.
 */
export function createPresence(options: PresenceOptions): Presence {
  const { db, live, store, clock, graceMs, onError, later = realLater } = options;
  const timers = new Set<{ clear(): void }>();
  let stopped = false;
  const afterGrace = (fn: () => Promise<void>) => {
    const timer = later(graceMs, () => {
      timers.delete(timer);
      fn().catch(onError);
    });
    timers.add(timer);
  };
  const anonymous = new WeakMap<Connection, string>();
  const visitorOf = ({ user, connection }: Visitor): string => {
    if (user) return `u:${user.userId}`;
    // The browser's own id: its tabs and its reconnects are one visitor.
    if (connection?.visitorId) return `v:${connection.visitorId}`;
    // A random key rather than the connection's number, which is per instance.
    if (!connection) return `a:${randomUUID()}`;
    let key = anonymous.get(connection);
    if (!key) anonymous.set(connection, (key = `a:${randomUUID()}`));
    return key;
  };

  // Whether any member is online, per shop with visitors: read on every count change, so kept
  // rather than asked of the database each time. Refreshed when a visit starts and when a member
  // comes or goes; a team change shows at the next of those.
  const sellerOnline = new Map<string, boolean>();
  const readSellerOnline = async (shopId: string) => {
    const members = await listShopMembers(db, shopId);
    const online = (await store.online(members.map((m) => m.userId))).size > 0;
    sellerOnline.set(shopId, online);
    return online;
  };

  // Changes of one event-loop turn (a burst of joins) go out as one signal per topic.
  const dirty = new Map<string, Set<string>>();
  const publishSoon = (shopId: string, productId: string | null) => {
    let products = dirty.get(shopId);
    if (!products) {
      dirty.set(shopId, (products = new Set()));
      setImmediate(() => {
        dirty.delete(shopId);
        if (!stopped) publish(shopId, products ?? new Set()).catch(onError);
      });
    }
    if (productId !== null) products.add(productId);
  };
  const publish = async (shopId: string, left: ReadonlySet<string>) => {
    const figures = await store.figures(shopId);
    live.signal(topicKinds.liveView, shopId, { type: 'visitors', ...figures });
    if (figures.visitors === 0) {
      sellerOnline.delete(shopId);
      return;
    }
    const online = sellerOnline.get(shopId) ?? (await readSellerOnline(shopId));
    live.signal(topicKinds.presenceVisit, visitKey(shopId, null), { shopVisitors: figures.visitors, productViewers: null, sellerOnline: online });
    for (const productId of new Set([...Object.keys(figures.viewersByProduct), ...left])) {
      const productViewers = figures.viewersByProduct[productId] ?? 0;
      live.signal(topicKinds.presenceVisit, visitKey(shopId, productId), { shopVisitors: figures.visitors, productViewers, sellerOnline: online });
    }
  };

  const enter = async (shopId: string, visitor: string, productId: string | null) => {
    if (!(await store.enter(shopId, visitor, productId))) return;
    publishSoon(shopId, productId);
    if (productId !== null) live.signal(topicKinds.liveView, shopId, { type: 'activity', kind: 'viewing_product', productId, at: clock.now() });
  };
  const leave = async (shopId: string, visitor: string, productId: string | null) => {
    if (await store.leave(shopId, visitor, productId)) publishSoon(shopId, productId);
  };

  const memberMoved = async (userId: string, type: 'member_online' | 'member_offline') => {
    for (const shopId of await shopsOfMember(db, userId)) {
      live.signal(topicKinds.liveView, shopId, { type, userId });
      const before = sellerOnline.get(shopId);
      if (before === undefined) continue;
      if ((await readSellerOnline(shopId)) !== before) publishSoon(shopId, null);
    }
  };
  const userArrived = async (userId: string) => {
    if (await store.connect(userId)) await memberMoved(userId, 'member_online');
  };
  const userLeft = async (userId: string) => {
    if (await store.disconnect(userId)) await memberMoved(userId, 'member_offline');
  };
  options.connections.onAuthenticate((connection, previous) => {
    if (previous?.userId === connection.user?.userId) return;
    if (previous) afterGrace(() => userLeft(previous.userId));
    if (connection.user) userArrived(connection.user.userId).catch(onError);
  });
  options.connections.onClose((connection) => {
    const { user } = connection;
    if (user) afterGrace(() => userLeft(user.userId));
  });

  const reports = (options.limiter ?? memoryLimiter)({ keyPrefix: 'presence-report', points: options.reportsPerMinute, duration: 60 });

  return {
    async visit(who, shopId, productId) {
      const visitor = visitorOf(who);
      return live.watch(who.user, topicKinds.presenceVisit, visitKey(shopId, productId), {
        started: () => void enter(shopId, visitor, productId).catch(onError),
        ended: () => afterGrace(() => leave(shopId, visitor, productId)),
        first: async () => {
          const [figures, online] = await Promise.all([store.figures(shopId), readSellerOnline(shopId)]);
          return {
            shopVisitors: figures.visitors,
            productViewers: productId === null ? null : (figures.viewersByProduct[productId] ?? 0),
            sellerOnline: online,
          } satisfies VisitFigures;
        },
      });
    },

    watchShop(user, shopId) {
      return live.watch(user, topicKinds.liveView, shopId, {
        first: async () => {
          const [figures, members] = await Promise.all([store.figures(shopId), listShopMembers(db, shopId)]);
          const online = await store.online(members.map((m) => m.userId));
          return { type: 'snapshot', ...figures, team: members.map((m) => ({ ...m, online: online.has(m.userId) })) } satisfies LiveViewEvent;
        },
      });
    },

    async report(who, { shopId, kind, productId }) {
      await assertShopExists(db, shopId);
      if (productId !== undefined) await assertProductInShop(db, shopId, productId);
      // Per connection (per address for plain HTTP calls), on top of the connection's call budget.
      const key = who.connection ? visitorOf({ ...who, user: null }) : `h:${who.address}`;
      try {
        await reports.consume(key);
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        throw new RetryLaterError(`Too many activity reports; at most ${options.reportsPerMinute} a minute.`, Math.ceil(refusal.msBeforeNext / 1000));
      }
      live.signal(topicKinds.liveView, shopId, { type: 'activity', kind, productId: productId ?? null, at: clock.now() });
      return { ok: true };
    },

    stop() {
      stopped = true;
      for (const timer of timers) timer.clear();
      timers.clear();
    },
  };
}
