import type { Notification, UserEvent } from '../../../../shared/notification.js';

export interface NotificationPage {
  items: readonly Notification[];
  unreadCount: number;
  /** The newest event already reflected in this page and its count. */
  eventCursor: string;
}

/** What the stream told us beyond the pages: new notifications, reads, and the newest absolute unread count. */
export interface HeardNotifications {
  arrived: ReadonlyMap<string, { notification: Notification; eventId: number }>;
  reads: ReadonlyMap<string, { readAt: Date; eventId: number }>;
  /** The last `read` event's count: absolute, so it replaces whatever came before it. */
  count: { unreadCount: number; eventId: number } | null;
}

export const nothingHeard = (): HeardNotifications => ({ arrived: new Map(), reads: new Map(), count: null });

/** `reset`: the pages are being read again from scratch (a cursor that could not be served). */
export function heardReducer(state: HeardNotifications, action: { id: number; event: UserEvent; at: Date } | 'reset'): HeardNotifications {
  if (action === 'reset') return nothingHeard();
  const { id, event } = action;
  switch (event.type) {
    case 'notification':
      if (state.arrived.has(event.notification.id)) return state;
      return { ...state, arrived: new Map(state.arrived).set(event.notification.id, { notification: event.notification, eventId: id }) };
    case 'read': {
      const reads = new Map(state.reads);
      for (const notificationId of event.ids) reads.set(notificationId, { readAt: action.at, eventId: id });
      return { ...state, reads, count: { unreadCount: event.unreadCount, eventId: id } };
    }
  }
}

/**
 * The pages with what was heard after each: a read applies to a row if it came after the page
 * that holds the row, a new notification shows unless a page already holds it. The unread count
 * starts from the newest figure (the freshest page's, or the last read event's if later) and adds
 * the notifications that arrived after that figure was taken.
 */
export function notificationView(pages: readonly NotificationPage[], heard: HeardNotifications): { items: Notification[]; unreadCount: number } {
  const byId = new Map<string, { notification: Notification; eventId: number }>();
  for (const page of pages) {
    const cursor = Number(page.eventCursor);
    for (const notification of page.items) byId.set(notification.id, { notification, eventId: cursor });
  }
  for (const [id, arrival] of heard.arrived) if (!byId.has(id)) byId.set(id, arrival);

  const items = [...byId.values()]
    .map(({ notification, eventId }) => {
      const read = heard.reads.get(notification.id);
      return read && read.eventId > eventId && notification.readAt === null ? { ...notification, readAt: read.readAt } : notification;
    })
    // Ids are UUIDv7s: newest first is descending id.
    .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));

  const freshest = pages.reduce<NotificationPage | undefined>((best, page) => (!best || Number(page.eventCursor) > Number(best.eventCursor) ? page : best), undefined);
  let base = { unreadCount: freshest?.unreadCount ?? 0, eventId: Number(freshest?.eventCursor ?? 0) };
  if (heard.count && heard.count.eventId > base.eventId) base = heard.count;
  let unreadCount = base.unreadCount;
  for (const arrival of heard.arrived.values()) if (arrival.eventId > base.eventId) unreadCount += 1;
  return { items, unreadCount };
}

/** The stream starts where the oldest loaded page left off, so every page hears what came after it. */
export function oldestCursor(pages: readonly { eventCursor: string }[]): string | undefined {
  return pages.map((page) => page.eventCursor).reduce<string | undefined>((low, cursor) => (low === undefined || Number(cursor) < Number(low) ? cursor : low), undefined);
}
