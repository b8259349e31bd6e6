import { useMemo, useReducer } from 'react';
import type { Notification } from '../../../../shared/notification.js';
import { trpc } from '../../../app/trpc.js';
import { useLiveStream } from '../../../lib/live/useLiveStream.js';
import { notifyError } from '../../../utils/notifyError.js';
import { heardReducer, nothingHeard, notificationView, oldestCursor } from './notificationsLive.js';

/**
 * The signed-in person's notifications, newest first, with the unread count, kept current by one
 * stream from the list's cursor. `onArrive` hears each one that comes in while this is mounted
 * (never the ones the list already had).
 */
export function useNotifications(onArrive: (notification: Notification) => void) {
  const list = trpc.notification.list.useInfiniteQuery({ limit: 20 }, { getNextPageParam: (page) => page.nextCursor ?? undefined });
  const [heard, dispatch] = useReducer(heardReducer, undefined, nothingHeard);
  const pages = list.data?.pages;

  const stream = useLiveStream(trpc.notification.onNotification, {
    input: {},
    cursor: pages ? oldestCursor(pages) : undefined,
    reloadSnapshot: async () => {
      dispatch('reset');
      const fresh = await list.refetch({ throwOnError: true });
      const cursor = oldestCursor(fresh.data?.pages ?? []);
      if (cursor === undefined) throw new Error('The reloaded notifications have no cursor');
      return cursor;
    },
    onEvent: (event, id) => {
      dispatch({ id, event, at: new Date() });
      if (event.type === 'notification') onArrive(event.notification);
    },
  });

  const markRead = trpc.notification.markRead.useMutation({
    onError: notifyError,
    // The stream brings the change (to every tab alike); without it, read the list again.
    onSuccess: () => {
      if (stream.status !== 'live') void list.refetch();
    },
  });

  const view = useMemo(() => notificationView(pages ?? [], heard), [pages, heard]);
  return { list, stream, ...view, markRead };
}
