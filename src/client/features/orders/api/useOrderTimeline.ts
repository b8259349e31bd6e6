import { useReducer } from 'react';
import { isPaymentEvent, type OrderStatusEvent } from '../../../../shared/events.js';
import { trpc } from '../../../app/trpc.js';
import { useLiveStream } from '../../../lib/live/useLiveStream.js';

export interface TimelineEntry extends OrderStatusEvent {
  eventId: number;
}

/** `reset`: the history is read again from its start. */
export function timelineReducer(entries: TimelineEntry[], action: TimelineEntry | 'reset'): TimelineEntry[] {
  if (action === 'reset') return [];
  if (entries.some((e) => e.eventId >= action.eventId)) return entries;
  return [...entries, action];
}

/** An order's whole history, then live: its stream from "0" replays from the start, so there is no snapshot to load. */
export function useOrderTimeline(orderId: string) {
  const [entries, dispatch] = useReducer(timelineReducer, []);
  const stream = useLiveStream(trpc.order.onOrderStatus, {
    input: { orderId },
    cursor: '0',
    reloadSnapshot: () => {
      dispatch('reset');
      return Promise.resolve('0');
    },
    // The steps are status moves; the card shows the payment (from "My orders"' stream).
    onEvent: (event, eventId) => {
      if (!isPaymentEvent(event)) dispatch({ ...event, eventId });
    },
  });
  return { entries, stream };
}
