import type { Message } from '../../shared/chat.js';
import { conversationTopic } from '../../shared/events.js';
import type { Trx } from '../db/database.js';
import type { ConversationsTable } from '../db/schema.js';
import type { Emit } from '../events/transact.js';
import type { ConnectionRegistry } from '../live/connections.js';

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

export interface AwayDeps {
  connections: ConnectionRegistry;
}

/** The seam where a message becomes notifications for recipients who do not have the conversation open. */
export async function notifyRecipientsAway(trx: Trx, _emit: Emit, deps: AwayDeps, sent: { conversation: ConversationsTable; message: Message }): Promise<string[]> {
  const following = followersOf(deps.connections, sent.conversation.id);
  return (await recipientsOf(trx, sent.conversation, sent.message.senderId)).filter((id) => !following.has(id));
}
