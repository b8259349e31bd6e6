import type { Message } from '../../shared/chat.js';
import { conversationTopic } from '../../shared/events.js';
import type { Trx } from '../db/database.js';
import type { ConversationsTable } from '../db/schema.js';
import type { Emit } from '../events/transact.js';
import type { ConnectionRegistry } from '../live/connections.js';
import { notify, type NewNotification, type NotifyDeps } from '../notifications/notify.js';

/**
 * Who should hear of a new message: the buyer when the shop writes, the shop's members when the
 * buyer writes; never the sender.
 */
export async function recipientsOf(trx: Trx, conversation: ConversationsTable, senderId: string): Promise<string[]> {
  if (senderId !== conversation.buyer_id) return [conversation.buyer_id];
  const members = await trx.selectFrom('shop_sellers').select('user_id').where('shop_id', '=', conversation.shop_id).execute();
  return members.map((m) => m.user_id).filter((id) => id !== senderId);
}

/**
 * People with a running stream of the conversation: they see the message arrive, a notification
 * would only repeat it. This asks this process's connections; with several instances it becomes
 * a presence lookup (who follows `conversation:<id>` on any instance) in the shared presence store.
 */
export function followersOf(connections: ConnectionRegistry, conversationId: string): Set<string> {
  const topic = conversationTopic(conversationId);
  const following = new Set<string>();
  for (const connection of connections.all()) {
    if (!connection.user) continue;
    for (const stream of connection.streams) if (stream.topic === topic) following.add(connection.user.userId);
  }
  return following;
}

export type AwayDeps = NotifyDeps & { connections: ConnectionRegistry };

/** A notification's preview of a message: its start, on one line. */
const PREVIEW_CHARS = 140;

/**
 * Part of the send's transaction: a `message` notification for each recipient who does not have
 * the conversation open (no running stream of it), so it commits with the message or not at all.
 * Answers who was notified.
 */
export async function notifyRecipientsAway(trx: Trx, emit: Emit, deps: AwayDeps, sent: { conversation: ConversationsTable; message: Message }): Promise<string[]> {
  const { conversation, message } = sent;
  const following = followersOf(deps.connections, conversation.id);
  const away = (await recipientsOf(trx, conversation, message.senderId)).filter((id) => !following.has(id));
  // By code points, so an emoji is never cut in half (half of one is not text).
  const chars = [...message.body.replace(/\s+/g, ' ')];
  const body = chars.length > PREVIEW_CHARS ? `${chars.slice(0, PREVIEW_CHARS - 1).join('')}…` : chars.join('');
  const link = (userId: string) =>
    userId === conversation.buyer_id ? (conversation.order_id ? '/orders' : `/shops/${conversation.shop_id}`) : `/dashboard/${conversation.shop_id}/inbox?conversation=${conversation.id}`;
  const notes: NewNotification[] = away.map((userId) => ({ userId, kind: 'message', title: `New message from ${message.senderName}`, body, link: link(userId) }));
  await notify(trx, emit, deps, notes);
  return away;
}
