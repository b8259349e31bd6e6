import type { InboxConversation, InboxEvent } from '../../../../shared/chat.js';

/** A shop's conversations by id, as the inbox follows them. */
export type InboxState = ReadonlyMap<string, InboxConversation>;

export function inboxFrom(items: readonly InboxConversation[]): InboxState {
  return new Map(items.map((c) => [c.id, c]));
}

/**
 * A message from someone else adds to my unread count; my own read moves (from any tab) set it.
 * A conversation the inbox has not listed yet arrives with its first message.
 */
export function applyInboxEvent(state: InboxState, event: InboxEvent, me: string): InboxState {
  if (event.type === 'read') {
    const conversation = state.get(event.conversationId);
    if (!conversation || event.userId !== me) return state;
    return new Map(state).set(conversation.id, { ...conversation, unreadCount: event.unreadCount });
  }
  const known = state.get(event.conversation.id);
  const base = known ?? { ...event.conversation, lastMessage: null, unreadCount: 0 };
  return new Map(state).set(base.id, {
    ...base,
    lastMessage: event.message,
    unreadCount: base.unreadCount + (event.message.senderId === me ? 0 : 1),
  });
}

/** Newest activity first: the newest message's id, or the conversation's own (both time-ordered). */
export function inboxRows(state: InboxState): InboxConversation[] {
  const activity = (c: InboxConversation) => c.lastMessage?.id ?? c.id;
  return [...state.values()].sort((a, b) => (activity(a) < activity(b) ? 1 : activity(a) > activity(b) ? -1 : 0));
}
