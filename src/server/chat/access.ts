import type { TokenClaims } from '../auth/tokens.js';
import type { Executor } from '../db/database.js';
import type { ConversationsTable } from '../db/schema.js';
import { NotFoundError } from '../errors.js';
import { assertSellerOfShop } from '../shops/access.js';

/** Which side of a conversation the caller is on: its buyer, or a member of its shop's team. */
export type Side = 'buyer' | 'shop';

export interface ConversationAccess {
  conversation: ConversationsTable;
  side: Side;
}

/**
 * The one check for every call and stream of a conversation (replay included): its buyer, or a
 * member of its shop. Anyone else is refused with FORBIDDEN; an unknown id is NOT_FOUND.
 */
export async function assertInConversation(db: Executor, user: TokenClaims, conversationId: string): Promise<ConversationAccess> {
  const conversation = await db.selectFrom('conversations').selectAll().where('id', '=', conversationId).executeTakeFirst();
  if (!conversation) throw new NotFoundError('Conversation');
  if (conversation.buyer_id === user.userId) return { conversation, side: 'buyer' };
  await assertSellerOfShop(db, user, conversation.shop_id);
  return { conversation, side: 'shop' };
}
