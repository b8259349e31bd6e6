import { z } from 'zod';
import { TOPICS } from '../../shared/events.js';
import { assertCanSeeBooking } from '../bookings/access.js';
import { assertInConversation } from '../chat/access.js';
import { assertCanSeeOrder } from '../orders/access.js';
import { assertSellerOfShop, assertShopExists, seesMoney, shopRoleOf } from '../shops/access.js';
import { dashboardEventView } from '../shops/moneyViews.js';
import { assertProductInShop } from '../catalog/access.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Executor } from '../db/database.js';
import { ForbiddenError, UnauthorizedError } from '../errors.js';

/** The tracked id a client hands back; wsLink and httpSubscriptionLink fill it in by themselves on reconnect. */
export const lastEventIdSchema = z
  .string()
  .regex(/^\d{1,15}$/, 'lastEventId must be an event id from this server')
  .nullish();

/** Who is asking to follow a topic: enough to decide whether they may. */
export interface Caller {
  db: Executor;
  user: TokenClaims | null;
}

/**
 * One kind of topic (DESIGN §7): how its names are made, what its payloads are, who may see it,
 * and whether it is logged (rows in the event log: tracked ids, replay) or ephemeral (live only).
 */
export interface TopicKind<T> {
  readonly kind: string;
  readonly logged: boolean;
  readonly schema: z.ZodType<T>;
  /** Ephemeral topics whose every message is the whole state: a stream skips one equal to the last it got. */
  readonly skipRepeats?: boolean;
  topic(key: string): string;
  /** Throws a domain error (UNAUTHORIZED, FORBIDDEN, NOT_FOUND) unless `caller` may see the topic of `key`. */
  authorize(caller: Caller, key: string): Promise<void>;
  /**
   * For topics whose audiences see different fields (staff see no money beyond prices): which
   * audience the caller is in, and the payload as that audience sees it. Each event is then
   * encoded once per audience, not once per subscriber. Absent: one audience.
   */
  audiences?: {
    of(caller: Caller, key: string): Promise<string>;
    view(payload: T, audience: string): T;
  };
}

function logged<T>(
  kind: keyof typeof TOPICS,
  schema: z.ZodType<T>,
  authorize: TopicKind<T>['authorize'],
): TopicKind<T> {
  const { prefix } = TOPICS[kind];
  return { kind, logged: true, schema, topic: (key) => `${prefix}${key}`, authorize };
}

function withAudiences<T>(kind: TopicKind<T>, audiences: NonNullable<TopicKind<T>['audiences']>): TopicKind<T> {
  return { ...kind, audiences };
}

/** Live only (presence, typing): never stored, no ids, no replay. */
function ephemeral<T>(kind: keyof typeof TOPICS, schema: z.ZodType<T>, authorize: TopicKind<T>['authorize'], options: { skipRepeats?: boolean } = {}): TopicKind<T> {
  const { prefix } = TOPICS[kind];
  return { kind, logged: false, schema, topic: (key) => `${prefix}${key}`, authorize, ...options };
}

/** A visit's topic key: the shop, or one product of it (its viewers hear their own count). */
export function visitKey(shopId: string, productId: string | null): string {
  return productId === null ? shopId : `${shopId}/${productId}`;
}

function signedIn(caller: Caller): TokenClaims {
  if (!caller.user) throw new UnauthorizedError();
  return caller.user;
}

/** Every topic a subscription can follow. Replay goes through the same check as live delivery. */
export const topicKinds = {
  /** A shop's dashboard: its sellers. */
  shop: withAudiences(
    logged('shop', TOPICS.shop.schema, async (caller, shopId) => {
      await assertSellerOfShop(caller.db, signedIn(caller), shopId);
    }),
    {
      // Staff see no money beyond prices (CONTRACT "Roles"): each event is encoded once for them and once for everyone else.
      of: async (caller, shopId) => (seesMoney(await shopRoleOf(caller.db, caller.user, shopId)) ? 'full' : 'staff'),
      view: (event, audience) => dashboardEventView(event, audience === 'full'),
    },
  ),
  /** One order's status: its buyer and the shop's sellers. */
  order: logged('order', TOPICS.order.schema, async (caller, orderId) => {
    await assertCanSeeOrder(caller.db, signedIn(caller), orderId);
  }),
  /** A storefront's stock levels: public, like the product list. */
  stock: logged('stock', TOPICS.stock.schema, (caller, shopId) => assertShopExists(caller.db, shopId)),
  /** Every order of one buyer: that buyer alone. */
  buyerOrders: logged('buyerOrders', TOPICS.buyerOrders.schema, (caller, buyerId) => {
    if (signedIn(caller).userId !== buyerId) return Promise.reject(new ForbiddenError('These are not your orders'));
    return Promise.resolve();
  }),
  /** A storefront's visitor figures: anyone may visit a shop (and a product of it). */
  presenceVisit: ephemeral(
    'presenceVisit',
    TOPICS.presenceVisit.schema,
    async (caller, key) => {
      const [shopId = '', productId] = key.split('/');
      await assertShopExists(caller.db, shopId);
      if (productId !== undefined) await assertProductInShop(caller.db, shopId, productId);
    },
    { skipRepeats: true },
  ),
  /** A shop's live view (visitors, activity, team online): its sellers. */
  liveView: ephemeral('liveView', TOPICS.liveView.schema, async (caller, shopId) => {
    await assertSellerOfShop(caller.db, signedIn(caller), shopId);
  }),
  /** Platform announcements: everyone, signed in or not. */
  announcement: logged('announcement', TOPICS.announcement.schema, () => Promise.resolve()),
  /** One conversation (messages, reads; typing as live signals): its buyer and its shop's members. */
  conversation: logged('conversation', TOPICS.conversation.schema, async (caller, conversationId) => {
    await assertInConversation(caller.db, signedIn(caller), conversationId);
  }),
  /** Every conversation of a shop, for its inbox: the shop's members. */
  shopChat: logged('shopChat', TOPICS.shopChat.schema, async (caller, shopId) => {
    await assertSellerOfShop(caller.db, signedIn(caller), shopId);
  }),
  /** One booking's steps: its buyer and its shop's members. */
  booking: logged('booking', TOPICS.booking.schema, async (caller, bookingId) => {
    await assertCanSeeBooking(caller.db, signedIn(caller), bookingId);
  }),
  /** Every booking of one buyer: that buyer alone. */
  buyerBookings: logged('buyerBookings', TOPICS.buyerBookings.schema, (caller, buyerId) => {
    if (signedIn(caller).userId !== buyerId) return Promise.reject(new ForbiddenError('These are not your bookings'));
    return Promise.resolve();
  }),
  /** One person's notifications: that person alone. */
  user: logged('user', TOPICS.user.schema, (caller, userId) => {
    if (signedIn(caller).userId !== userId) return Promise.reject(new ForbiddenError('These are not your notifications'));
    return Promise.resolve();
  }),
};
