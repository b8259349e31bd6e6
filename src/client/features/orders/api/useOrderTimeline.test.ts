import { describe, expect, it } from 'vitest';
import { timelineReducer, type TimelineEntry } from './useOrderTimeline.js';

const entry = (eventId: number, status: TimelineEntry['status']): TimelineEntry => ({ eventId, orderId: 'o', status, previousStatus: null, at: new Date(eventId) });

describe('an order timeline', () => {
  it('adds each step once, in order, and starts over on reset', () => {
    let entries = [entry(3, 'pending'), entry(5, 'confirmed'), entry(5, 'confirmed'), entry(4, 'pending')].reduce(timelineReducer, []);
    expect(entries.map((e) => e.eventId)).toEqual([3, 5]);
    entries = timelineReducer(entries, 'reset');
    expect(timelineReducer(entries, entry(1, 'pending')).map((e) => e.eventId)).toEqual([1]);
  });
});
