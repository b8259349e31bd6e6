import type { TrackedEnvelope } from '@trpc/server';
import type { Conversation, ConversationEvent, InboxConversation, Message, TypingSignal } from '../../shared/chat.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Db, Executor } from '../db/database.js';
import { ForbiddenError, InvalidRequestError, NotFoundError } from '../errors.js';
import { latestEventId } from '../events/eventLog.js';
import { conversationEvent, shopChatEvent } from '../events/topics.js';
import { transact, type TransactDeps } from '../events/transact.js';
import type { IdSource } from '../ids.js';
import type { ConnectionRegistry } from '../live/connections.js';
import type { LiveEngine, LiveStream } from '../live/engine.js';
import { topicKinds } from '../live/topics.js';
import { assertSellerOfShop, assertShopExists } from '../shops/access.js';
import { assertInConversation } from './access.js';
import { notifyRecipientsAway } from './notifyAway.js';
import { loadConversations, toMessage, unreadCount } from './queries.js';
import type { TypingThrottle } from './typing.js';

export type ChatDeps = TransactDeps & { ids: IdSource; live: LiveEngine; connections: ConnectionRegistry; chatTyping: TypingThrottle };

/** Most conversations one list answers, newest activity first. */
const LIST_LIMIT = 200;

/** The buyer's conversation with a shop (about one of their orders of that shop, or none): made once, the same one ever after. */
export function openConversation(deps: ChatDeps, user: TokenClaims, input: { shopId: string; orderId?: string | undefined }): Promise<Conversation> {
  return transact(deps, async (trx) => {
    await assertShopExists(trx, input.shopId);
    if (input.orderId !== undefined) {
      const order = await trx.selectFrom('orders').select(['buyer_id', 'shop_id']).where('id', '=', input.orderId).executeTakeFirst();
      if (!order) throw new NotFoundError('Order');
      if (order.buyer_id !== user.userId) throw new ForbiddenError('That is not your order');
      if (order.shop_id !== input.shopId) throw new InvalidRequestError('That order is not from this shop');
    }
    const orderKey = input.orderId ?? '';
    const id = deps.ids.next();
    // The unique (buyer, shop, order) index decides, even for two opens racing on several writers.
    await trx
      .insertInto('conversations')
      .values({ id, shop_id: input.shopId, buyer_id: user.userId, order_id: input.orderId ?? null, order_key: orderKey, created_at: deps.clock.now().getTime(), last_activity_id: id })
      .onConflict((oc) => oc.columns(['buyer_id', 'shop_id', 'order_key']).doNothing())
      .execute();
    const row = await trx
      .selectFrom('conversations')
      .selectAll()
      .where('buyer_id', '=', user.userId)
      .where('shop_id', '=', input.shopId)
      .where('order_key', '=', orderKey)
      .executeTakeFirstOrThrow();
    const [conversation] = await loadConversations(trx, user.userId, [row]);
    if (!conversation) throw new NotFoundError('Conversation');
    return conversation;
  });
}

/** A buyer's own conversations (with one shop, given `shopId`), or a shop's for its members. */
export async function listConversations(db: Executor, user: TokenClaims, input: { shopId?: string | undefined }): Promise<Conversation[]> {
  let query = db.selectFrom('conversations').selectAll();
  if (user.role === 'buyer') {
    query = query.where('buyer_id', '=', user.userId);
    if (input.shopId !== undefined) query = query.where('shop_id', '=', input.shopId);
  } else {
    if (input.shopId === undefined) throw new InvalidRequestError('Name the shop whose conversations you want (shopId)');
    await assertSellerOfShop(db, user, input.shopId);
    query = query.where('shop_id', '=', input.shopId);
  }
  const rows = await query.orderBy('last_activity_id', 'desc').limit(LIST_LIMIT).execute();
  return loadConversations(db, user.userId, rows);
}

/** A shop's inbox: its conversations with each buyer's name, and the cursor to follow `chat.onInbox` from. */
export function shopInbox(db: Db, user: TokenClaims, shopId: string): Promise<{ items: InboxConversation[]; eventCursor: string }> {
  return db.transaction().execute(async (trx) => {
    await assertSellerOfShop(trx, user, shopId);
    const rows = await trx
      .selectFrom('conversations')
      .innerJoin('users', 'users.id', 'conversations.buyer_id')
      .selectAll('conversations')
      .select('users.name as buyer_name')
      .where('conversations.shop_id', '=', shopId)
      .orderBy('conversations.last_activity_id', 'desc')
      .limit(LIST_LIMIT)
      .execute();
    const conversations = await loadConversations(trx, user.userId, rows);
    const items = conversations.map((c, i) => ({ ...c, buyerName: rows[i]?.buyer_name ?? '' }));
    return { items, eventCursor: String(await latestEventId(trx)) };
  });
}

export interface SendInput {
  conversationId: string;
  body: string;
  clientMessageId: string;
}

/**
 * Appends a message and its events in one transaction. A repeated `clientMessageId` from the same
 * sender (a retry after a dropped connection) answers the first message and writes nothing: the
 * lookup finds it, and the unique index stops a retry that races the first one.
 */
export function sendMessage(deps: ChatDeps, user: TokenClaims, input: SendInput): Promise<{ id: string; at: Date }> {
  return transact(deps, async (trx, emit) => {
    const { conversation, side } = await assertInConversation(trx, user, input.conversationId);
    const earlier = () =>
      trx
        .selectFrom('messages')
        .select(['id', 'created_at'])
        .where('conversation_id', '=', conversation.id)
        .where('sender_id', '=', user.userId)
        .where('client_message_id', '=', input.clientMessageId)
        .executeTakeFirst();
    const sent = (row: { id: string; created_at: number }) => ({ id: row.id, at: new Date(Number(row.created_at)) });
    const existing = await earlier();
    if (existing) return sent(existing);

    const people = await trx.selectFrom('users').select(['id', 'name']).where('id', 'in', [user.userId, conversation.buyer_id]).execute();
    const nameOf = (id: string) => people.find((p) => p.id === id)?.name ?? '';
    const row = {
      id: deps.ids.next(),
      conversation_id: conversation.id,
      sender_id: user.userId,
      sender_name: nameOf(user.userId),
      sender_role: side,
      body: input.body,
      client_message_id: input.clientMessageId,
      created_at: deps.clock.now().getTime(),
    };
    const inserted = await trx
      .insertInto('messages')
      .values(row)
      .onConflict((oc) => oc.columns(['conversation_id', 'sender_id', 'client_message_id']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
      const first = await earlier();
      if (first) return sent(first);
    }
    await trx.updateTable('conversations').set({ last_activity_id: row.id }).where('id', '=', conversation.id).execute();

    const message: Message = toMessage(row);
    emit(
      conversationEvent(conversation.id, { type: 'message', message }),
      shopChatEvent(conversation.shop_id, {
        type: 'message',
        conversation: { id: conversation.id, shopId: conversation.shop_id, buyerId: conversation.buyer_id, buyerName: nameOf(conversation.buyer_id), orderId: conversation.order_id },
        message,
      }),
    );
    await notifyRecipientsAway(trx, emit, deps, { conversation, message });
    return sent(row);
  });
}

export interface HistoryInput {
  conversationId: string;
  before?: string | null | undefined;
  limit: number;
}

/** A page of messages, newest first, and the cursor to follow the conversation's stream from (one read transaction). */
export function conversationHistory(db: Db, user: TokenClaims, input: HistoryInput): Promise<{ items: Message[]; nextCursor: string | null; eventCursor: string }> {
  return db.transaction().execute(async (trx) => {
    const { conversation } = await assertInConversation(trx, user, input.conversationId);
    let query = trx.selectFrom('messages').selectAll().where('conversation_id', '=', conversation.id);
    if (input.before) {
      await assertMessageOf(trx, conversation.id, input.before);
      query = query.where('id', '<', input.before);
    }
    const rows = await query
      .orderBy('id', 'desc')
      .limit(input.limit + 1)
      .execute();
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    return {
      items: page.map(toMessage),
      nextCursor: rows.length > input.limit && last ? last.id : null,
      eventCursor: String(await latestEventId(trx)),
    };
  });
}

/** Everyone's read position in a conversation (for read receipts), as of now; `read` events move them on. */
export async function readPositions(db: Executor, user: TokenClaims, conversationId: string): Promise<{ userId: string; upToMessageId: string }[]> {
  const { conversation } = await assertInConversation(db, user, conversationId);
  const rows = await db.selectFrom('conversation_reads').select(['user_id', 'last_read_message_id']).where('conversation_id', '=', conversation.id).execute();
  return rows.map((r) => ({ userId: r.user_id, upToMessageId: r.last_read_message_id }));
}

/**
 * Moves the caller's read position forward to `upToMessageId` (never back: an older id changes
 * nothing and emits nothing) and answers the caller's unread count.
 */
export function markRead(deps: ChatDeps, user: TokenClaims, input: { conversationId: string; upToMessageId: string }): Promise<{ unreadCount: number }> {
  return transact(deps, async (trx, emit) => {
    const { conversation, side } = await assertInConversation(trx, user, input.conversationId);
    await assertMessageOf(trx, conversation.id, input.upToMessageId);
    const current = await trx
      .selectFrom('conversation_reads')
      .select('last_read_message_id')
      .where('conversation_id', '=', conversation.id)
      .where('user_id', '=', user.userId)
      .executeTakeFirst();
    if (current && current.last_read_message_id >= input.upToMessageId) return { unreadCount: await unreadCount(trx, user.userId, conversation.id) };

    await trx
      .insertInto('conversation_reads')
      .values({ conversation_id: conversation.id, user_id: user.userId, last_read_message_id: input.upToMessageId })
      .onConflict((oc) => oc.columns(['conversation_id', 'user_id']).doUpdateSet({ last_read_message_id: input.upToMessageId }))
      .execute();
    const unread = await unreadCount(trx, user.userId, conversation.id);
    emit(conversationEvent(conversation.id, { type: 'read', userId: user.userId, upToMessageId: input.upToMessageId }));
    if (side === 'shop') emit(shopChatEvent(conversation.shop_id, { type: 'read', conversationId: conversation.id, userId: user.userId, unreadCount: unread }));
    return { unreadCount: unread };
  });
}

/**
 * Tells the conversation's open streams that the caller is typing: a live-only signal, never
 * stored. At most one per user and conversation every couple of seconds (TypingThrottle); calls
 * in between answer ok and send nothing. Floods beyond that meet the connection's call budget
 * (TOO_MANY_REQUESTS), like any other call.
 */
export async function signalTyping(deps: ChatDeps, user: TokenClaims, conversationId: string): Promise<{ ok: true }> {
  const { conversation } = await assertInConversation(deps.db, user, conversationId);
  if (!deps.chatTyping.admit(conversation.id, user.userId)) return { ok: true };
  const person = await deps.db.selectFrom('users').select('name').where('id', '=', user.userId).executeTakeFirst();
  deps.live.signal(topicKinds.conversation, conversation.id, { type: 'typing', userId: user.userId, name: person?.name ?? '' });
  return { ok: true };
}

/** The conversation's stream: its messages and reads tracked (with replay), typing signals untracked between them. */
export async function followConversation(
  live: LiveEngine,
  user: TokenClaims,
  conversationId: string,
  lastEventId: string | null | undefined,
): Promise<LiveStream<TrackedEnvelope<ConversationEvent> | TypingSignal>> {
  // The engine yields tracked envelopes for logged rows and bare payloads for live signals (id null):
  // the topic's schema covers both, this type says which comes how.
  return (await live.follow(user, topicKinds.conversation, conversationId, lastEventId)) as LiveStream<TrackedEnvelope<ConversationEvent> | TypingSignal>;
}

async function assertMessageOf(db: Executor, conversationId: string, messageId: string): Promise<void> {
  const message = await db.selectFrom('messages').select('id').where('id', '=', messageId).where('conversation_id', '=', conversationId).executeTakeFirst();
  if (!message) throw new NotFoundError('Message');
}
