import { useReducer, useState } from 'react';
import type { OrderStatusEvent } from '../../../../shared/events.js';
import { useLiveView } from '../../../app/connectionHooks.js';
import { useEndSessionOnUnauthorized } from '../../../app/sessionHooks.js';
import { trpc } from '../../../app/trpc.js';
import { useResubscribe } from '../../../app/useResubscribe.js';

export interface TimelineEntry extends OrderStatusEvent {
  eventId: number;
}

function addEntry(entries: TimelineEntry[], entry: TimelineEntry): TimelineEntry[] {
  // Replays after a reconnect repeat ids we already hold.
  if (entries.some((e) => e.eventId >= entry.eventId)) return entries;
  return [...entries, entry];
}

/**
 * An order's whole history, then live: lastEventId "0" replays from the start.
 * wsLink resumes from the newest id after a dropped socket; after a stream error we
 * resubscribe from it ourselves.
 */
export function useOrderTimeline(orderId: string) {
  const [entries, add] = useReducer(addEntry, []);
  useLiveView(true);
  const endSessionOnUnauthorized = useEndSessionOnUnauthorized();
  const [resume, setResume] = useState({ from: '0', attempts: 0 });
  const subscription = trpc.order.onOrderStatus.useSubscription(
    { orderId, lastEventId: resume.from },
    {
      onData: ({ id, data }) => add({ ...data, eventId: Number(id) }),
      onStarted: () => setResume((r) => (r.attempts === 0 ? r : { ...r, attempts: 0 })),
      onError: (error) => {
        endSessionOnUnauthorized(error);
        setResume((r) => ({ from: String(entries.at(-1)?.eventId ?? r.from), attempts: r.attempts + 1 }));
      },
    },
  );
  useResubscribe(subscription, resume.attempts);
  return { entries, subscription };
}
