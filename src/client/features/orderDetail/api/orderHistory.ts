import type { Order } from '../../../../shared/domain.js';
import { isPaymentEvent, type OrderStreamEvent } from '../../../../shared/events.js';

/** One step of an order's history: a status move or a payment step, with its event id. */
export interface HistoryEntry {
  eventId: number;
  event: OrderStreamEvent;
}

/** `reset`: the history is read again from its start. Replays bring nothing twice. */
export function historyReducer(entries: readonly HistoryEntry[], action: HistoryEntry | 'reset'): readonly HistoryEntry[] {
  if (action === 'reset') return [];
  const last = entries.at(-1);
  if (last && last.eventId >= action.eventId) return entries;
  return [...entries, action];
}

/**
 * The order as its history leaves it. Every step carries absolute values (the status, the whole
 * payment, the tracking number), so the newest one of each kind is the current one, whatever the
 * snapshot's age; the snapshot fills in what the history no longer holds (pruned events).
 */
export function liveOrder(snapshot: Order, entries: readonly HistoryEntry[]): Order {
  let { status, payment, trackingNumber } = snapshot;
  for (const { event } of entries) {
    if (isPaymentEvent(event)) {
      payment = event.payment;
    } else {
      status = event.status;
      if (event.trackingNumber !== undefined) trackingNumber = event.trackingNumber;
    }
  }
  return { ...snapshot, status, payment, trackingNumber };
}
