import { useEffect, useState } from 'react';
import type { Announcement } from '../../../../shared/announcements.js';
import { trpc } from '../../../app/trpc.js';
import { useLiveStream } from '../../../lib/live/useLiveStream.js';
import { nextEnd, visibleAnnouncements } from './currentAnnouncements.js';

const DISMISSED_KEY = 'shopwire.dismissedAnnouncements';

function readDismissed(): Set<string> {
  try {
    const stored: unknown = JSON.parse(window.localStorage.getItem(DISMISSED_KEY) ?? '[]');
    return new Set(Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : []);
  } catch {
    return new Set();
  }
}

/** Current announcements (page load) plus those made while the page is open, minus the dismissed and the ended. */
export function useAnnouncements() {
  const snapshot = trpc.system.announcements.useQuery();
  const [arrived, setArrived] = useState<Announcement[]>([]);
  const [dismissed, setDismissed] = useState(readDismissed);
  const [now, setNow] = useState(() => new Date());
  useLiveStream(trpc.system.onAnnouncement, {
    input: {},
    cursor: snapshot.data?.eventCursor,
    onEvent: (announcement) => setArrived((list) => [announcement, ...list]),
    reloadSnapshot: async () => {
      setArrived([]);
      const fresh = await snapshot.refetch({ throwOnError: true });
      if (!fresh.data) throw new Error('The reloaded announcements have no cursor');
      return fresh.data.eventCursor;
    },
  });

  const shown = visibleAnnouncements([...arrived, ...(snapshot.data?.items ?? [])], dismissed, now);
  const wakeAt = nextEnd(shown, now);
  useEffect(() => {
    if (wakeAt === null) return;
    // Re-render when the next one ends, so it leaves the banner without a reload.
    const timer = window.setTimeout(() => setNow(new Date()), Math.max(0, wakeAt - Date.now()) + 50);
    return () => window.clearTimeout(timer);
  }, [wakeAt]);

  const dismiss = (id: string) => {
    const next = new Set(dismissed).add(id);
    setDismissed(next);
    // Kept for this browser (at most the latest 100), so a dismissed notice stays away on the next page load.
    window.localStorage.setItem(DISMISSED_KEY, JSON.stringify([...next].slice(-100)));
  };
  return { shown, dismiss };
}
