import { describe, expect, it } from 'vitest';
import type { Notification } from '../../../../shared/notification.js';
import { heardReducer, nothingHeard, notificationView, oldestCursor, type HeardNotifications, type NotificationPage } from './notificationsLive.js';

const at = new Date('2026-11-24T10:00:00Z');
const note = (n: number, readAt: Date | null = null): Notification => ({
  id: `0190000${n}-0000-7000-8000-000000000000`,
  kind: 'new_order',
  title: `Order ${n}`,
  body: '',
  link: null,
  createdAt: at,
  readAt,
});
const arrive = (state: HeardNotifications, id: number, n: Notification) => heardReducer(state, { id, event: { type: 'notification', notification: n }, at });
const read = (state: HeardNotifications, id: number, ids: string[], unreadCount: number) => heardReducer(state, { id, event: { type: 'read', ids, unreadCount }, at });

describe('notificationView', () => {
  const page: NotificationPage = { items: [note(2), note(1, at)], unreadCount: 1, eventCursor: '10' };

  it('adds notifications heard after the page on top and counts them', () => {
    const heard = arrive(nothingHeard(), 11, note(3));
    const view = notificationView([page], heard);
    expect(view.items.map((n) => n.id)).toEqual([note(3).id, note(2).id, note(1).id]);
    expect(view.unreadCount).toBe(2);
  });

  it('takes a read event as the new count, and adds only what arrived after it', () => {
    let heard = arrive(nothingHeard(), 11, note(3));
    heard = read(heard, 12, [note(2).id, note(3).id], 0);
    heard = arrive(heard, 13, note(4));
    const view = notificationView([page], heard);
    expect(view.unreadCount).toBe(1);
    expect(view.items.map((n) => n.readAt === null)).toEqual([true, false, false, false]);
  });

  it('does not count twice what a page read later already holds', () => {
    const heard = arrive(nothingHeard(), 11, note(3));
    // The list was read again after event 11: its page has note 3 and counts it.
    const refetched: NotificationPage = { items: [note(3), note(2), note(1, at)], unreadCount: 2, eventCursor: '11' };
    const view = notificationView([refetched], heard);
    expect(view.unreadCount).toBe(2);
    expect(view.items).toHaveLength(3);
  });

  it('ignores a read older than the page that holds the row', () => {
    const heard = read(nothingHeard(), 9, [note(2).id], 0);
    const view = notificationView([page], heard);
    expect(view.items[0]?.readAt).toBeNull();
    expect(view.unreadCount).toBe(1);
  });

  it('forgets everything heard on reset', () => {
    const heard = heardReducer(arrive(nothingHeard(), 11, note(3)), 'reset');
    expect(notificationView([page], heard).unreadCount).toBe(1);
  });

  it('starts the stream from the oldest page', () => {
    expect(oldestCursor([{ eventCursor: '12' }, { eventCursor: '9' }])).toBe('9');
    expect(oldestCursor([])).toBeUndefined();
  });
});
