import type { ConversationEvent, Message } from '../../../../shared/chat.js';

/** One conversation as a view holds it: its messages by id, and each participant's read position. */
export interface ThreadState {
  messages: ReadonlyMap<string, Message>;
  reads: ReadonlyMap<string, string>;
}

export type ThreadAction =
  | { type: 'reset' }
  | { type: 'messages'; messages: readonly Message[] }
  | { type: 'reads'; reads: readonly { userId: string; upToMessageId: string }[] }
  | { type: 'event'; event: ConversationEvent };

export const emptyThread: ThreadState = { messages: new Map(), reads: new Map() };

/** Message ids are time-ordered, so positions compare as strings; a position never moves back. */
function withRead(reads: ReadonlyMap<string, string>, userId: string, upTo: string): ReadonlyMap<string, string> {
  const current = reads.get(userId);
  if (current !== undefined && current >= upTo) return reads;
  return new Map(reads).set(userId, upTo);
}

export function threadReducer(state: ThreadState, action: ThreadAction): ThreadState {
  switch (action.type) {
    case 'reset':
      return emptyThread;
    case 'messages': {
      const messages = new Map(state.messages);
      for (const message of action.messages) messages.set(message.id, message);
      return { ...state, messages };
    }
    case 'reads':
      return { ...state, reads: action.reads.reduce((reads, r) => withRead(reads, r.userId, r.upToMessageId), state.reads) };
    case 'event': {
      const { event } = action;
      if (event.type === 'message') return { ...state, messages: new Map(state.messages).set(event.message.id, event.message) };
      return { ...state, reads: withRead(state.reads, event.userId, event.upToMessageId) };
    }
  }
}

/** Oldest first, as a thread reads. */
export function orderedMessages(state: ThreadState): Message[] {
  return [...state.messages.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The newest message from someone else that `me` has not marked read, if any. */
export function unreadFromOthers(messages: readonly Message[], reads: ReadonlyMap<string, string>, me: string): Message | undefined {
  const newest = messages.findLast((m) => m.senderId !== me);
  const mine = reads.get(me);
  return newest && (mine === undefined || newest.id > mine) ? newest : undefined;
}

/** Whether someone other than the sender has read up to (or past) this message. */
export function seenByOthers(message: Message, reads: ReadonlyMap<string, string>): boolean {
  for (const [userId, upTo] of reads) if (userId !== message.senderId && upTo >= message.id) return true;
  return false;
}
