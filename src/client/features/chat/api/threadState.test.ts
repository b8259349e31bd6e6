import { describe, expect, it } from 'vitest';
import type { Message } from '../../../../shared/chat.js';
import { emptyThread, orderedMessages, seenByOthers, threadReducer, unreadFromOthers } from './threadState.js';

const message = (id: string, senderId: string): Message => ({ id, conversationId: 'c', senderId, senderName: senderId, senderRole: senderId === 'buyer' ? 'buyer' : 'shop', body: id, at: new Date(0) });

describe('thread state', () => {
  it('merges pages and live messages once each, oldest first', () => {
    let state = threadReducer(emptyThread, { type: 'messages', messages: [message('03', 'buyer'), message('02', 'seller')] });
    state = threadReducer(state, { type: 'event', event: { type: 'message', message: message('03', 'buyer') } });
    state = threadReducer(state, { type: 'event', event: { type: 'message', message: message('04', 'seller') } });
    state = threadReducer(state, { type: 'messages', messages: [message('01', 'buyer')] });
    expect(orderedMessages(state).map((m) => m.id)).toEqual(['01', '02', '03', '04']);
  });

  it('never moves a read position back, whether from the snapshot or from events', () => {
    let state = threadReducer(emptyThread, { type: 'event', event: { type: 'read', userId: 'seller', upToMessageId: '03' } });
    state = threadReducer(state, { type: 'reads', reads: [{ userId: 'seller', upToMessageId: '02' }] });
    state = threadReducer(state, { type: 'event', event: { type: 'read', userId: 'seller', upToMessageId: '01' } });
    expect(state.reads.get('seller')).toBe('03');
    expect(seenByOthers(message('03', 'buyer'), state.reads)).toBe(true);
    expect(seenByOthers(message('04', 'buyer'), state.reads)).toBe(false);
  });

  it('finds the newest message from others past my position', () => {
    const messages = [message('01', 'buyer'), message('02', 'seller'), message('03', 'buyer')];
    expect(unreadFromOthers(messages, new Map(), 'seller')?.id).toBe('03');
    expect(unreadFromOthers(messages, new Map([['seller', '03']]), 'seller')).toBeUndefined();
    expect(unreadFromOthers(messages, new Map([['buyer', '01']]), 'buyer')?.id).toBe('02');
  });
});
