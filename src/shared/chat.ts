import { z } from 'zod';

/** CONTRACT "Conversations": the shapes both sides share. */
export const messageSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  senderId: z.string(),
  senderName: z.string(),
  senderRole: z.enum(['buyer', 'shop']),
  body: z.string(),
  at: z.date(),
});
export type Message = z.infer<typeof messageSchema>;

export const conversationSchema = z.object({
  id: z.string(),
  shopId: z.string(),
  buyerId: z.string(),
  orderId: z.string().nullable(),
  lastMessage: messageSchema.nullable(),
  /** Messages from others after the caller's read position. */
  unreadCount: z.number().int(),
});
export type Conversation = z.infer<typeof conversationSchema>;

/** A shop's inbox also names the buyer (beyond the contract's Conversation). */
export const inboxConversationSchema = conversationSchema.extend({ buyerName: z.string() });
export type InboxConversation = z.infer<typeof inboxConversationSchema>;

/** Logged on `conversation:<id>`: tracked, replayed. */
export const conversationEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message'), message: messageSchema }),
  z.object({ type: z.literal('read'), userId: z.string(), upToMessageId: z.string() }),
]);
export type ConversationEvent = z.infer<typeof conversationEventSchema>;

/** Live only on the same topic (never stored, no id): someone is typing. */
export const typingSignalSchema = z.object({ type: z.literal('typing'), userId: z.string(), name: z.string() });
export type TypingSignal = z.infer<typeof typingSignalSchema>;

/** What a conversation's stream carries: its logged events and, between them, typing signals. */
export const conversationStreamSchema = z.discriminatedUnion('type', [...conversationEventSchema.options, typingSignalSchema]);

/**
 * Logged on `shop-chat:<shopId>` for a shop's inbox: every message of its conversations (with
 * what the inbox needs to list a conversation it has not seen yet), and a member's own read
 * positions so that member's unread badges follow them across tabs.
 */
export const inboxEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('message'),
    conversation: z.object({ id: z.string(), shopId: z.string(), buyerId: z.string(), buyerName: z.string(), orderId: z.string().nullable() }),
    message: messageSchema,
  }),
  z.object({ type: z.literal('read'), conversationId: z.string(), userId: z.string(), unreadCount: z.number().int() }),
]);
export type InboxEvent = z.infer<typeof inboxEventSchema>;
