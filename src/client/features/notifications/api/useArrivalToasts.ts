import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useRef } from 'react';
import { useLocation } from 'react-router';
import type { Notification } from '../../../../shared/notification.js';

/**
 * A toast for what arrives while the app is open. Several at once (a burst the stream caught up
 * on after a reconnect) make one summary toast rather than a queue of them. Nothing is toasted
 * for the page the person is looking at (its link), which shows the news live already.
 */
export function useArrivalToasts(): (notification: Notification) => void {
  const location = useLocation();
  const here = useRef(location.pathname);
  useEffect(() => {
    here.current = location.pathname;
  }, [location.pathname]);
  const batch = useRef<Notification[]>([]);

  return useCallback((notification: Notification) => {
    if (notification.link === here.current) return;
    batch.current.push(notification);
    if (batch.current.length > 1) return;
    // Events of one socket read arrive in the same task: the next one sees them all.
    window.setTimeout(() => {
      const arrived = batch.current;
      batch.current = [];
      const [only] = arrived;
      if (arrived.length === 1 && only) notifications.show({ title: only.title, message: only.body, color: 'indigo' });
      else notifications.show({ title: `${arrived.length} new notifications`, message: 'Open the bell at the top to see them.', color: 'indigo' });
    }, 0);
  }, []);
}
