import type { Conversation, Message } from '../../shared/chat.js';
import type { Executor } from '../db/database.js';
import type { ConversationsTable, MessagesTable } from '../db/schema.js';

export function toMessage(row: MessagesTable): Message {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    senderId: row.sender_id,
    senderName: row.sender_name,
    senderRole: row.sender_role,
    body: row.body,
    at: new Date(Number(row.created_at)),
  };
}

/**
 * Messages from others after `userId`'s read position, per conversation. Message ids are
 * time-ordered UUIDv7s, so "after" is a comparison of ids.
 */
export async function unreadCounts(db: Executor, userId: string, conversationIds: readonly string[]): Promise<Map<string, number>> {
  if (conversationIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('messages as m')
    .leftJoin('conversation_reads as r', (join) => join.onRef('r.conversation_id', '=', 'm.conversation_id').on('r.user_id', '=', userId))
    .select((eb) => ['m.conversation_id', eb.fn.countAll<number>().as('unread')])
    .where('m.conversation_id', 'in', conversationIds)
    .where('m.sender_id', '!=', userId)
    .where((eb) => eb.or([eb('r.last_read_message_id', 'is', null), eb('m.id', '>', eb.ref('r.last_read_message_id'))]))
    .groupBy('m.conversation_id')
    .execute();
  return new Map(rows.map((r) => [r.conversation_id, Number(r.unread)]));
}

export async function unreadCount(db: Executor, userId: string, conversationId: string): Promise<number> {
  return (await unreadCounts(db, userId, [conversationId])).get(conversationId) ?? 0;
}

/** Each conversation with its newest message and the caller's unread count, in the order given. */
export async function loadConversations(db: Executor, userId: string, rows: readonly ConversationsTable[]): Promise<Conversation[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const newest = db
    .selectFrom('messages')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('conversation_id', 'in', ids)
    .groupBy('conversation_id');
  const [lastMessages, unread] = await Promise.all([
    db.selectFrom('messages').selectAll().where('id', 'in', newest).execute(),
    unreadCounts(db, userId, ids),
  ]);
  const byConversation = new Map(lastMessages.map((m) => [m.conversation_id, toMessage(m)]));
  return rows.map((row) => ({
    id: row.id,
    shopId: row.shop_id,
    buyerId: row.buyer_id,
    orderId: row.order_id,
    lastMessage: byConversation.get(row.id) ?? null,
    unreadCount: unread.get(row.id) ?? 0,
  }));
}
