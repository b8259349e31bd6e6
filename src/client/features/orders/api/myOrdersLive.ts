import type { Order } from '../../../../shared/domain.js';
import type { OrderStatusEvent } from '../../../../shared/events.js';
import type { OrderStatus } from '../../../../shared/orderStatus.js';

/** Newest status per order heard on the buyer's stream, with the event that set it (statuses are absolute: the latest wins). */
export type LiveStatuses = ReadonlyMap<string, { status: OrderStatus; eventId: number }>;

/** `reset`: the stream starts over from a new list, whose cursor may even be lower (a restored database). */
export function liveStatusesReducer(state: LiveStatuses, action: { id: number; event: OrderStatusEvent } | 'reset'): LiveStatuses {
  if (action === 'reset') return new Map();
  const known = state.get(action.event.orderId);
  if (known && known.eventId >= action.id) return state;
  return new Map(state).set(action.event.orderId, { status: action.event.status, eventId: action.id });
}

export interface MyOrderRow {
  order: Order;
  status: OrderStatus;
}

/**
 * Each page's orders with every status move after that page's own cursor: pages are read at
 * different times, and a page read later already holds the moves up to its cursor.
 */
export function myOrderRows(pages: readonly { items: readonly Order[]; eventCursor: string }[], live: LiveStatuses): MyOrderRow[] {
  return pages.flatMap((page) => {
    const cursor = Number(page.eventCursor);
    return page.items.map((order) => {
      const heard = live.get(order.id);
      return { order, status: heard && heard.eventId > cursor ? heard.status : order.status };
    });
  });
}

/** The stream starts where the oldest loaded page left off. */
export function oldestCursor(pages: readonly { eventCursor: string }[]): string | undefined {
  return pages.map((page) => page.eventCursor).reduce<string | undefined>((low, cursor) => (low === undefined || Number(cursor) < Number(low) ? cursor : low), undefined);
}

/** An order placed after the list was read (in another tab): only the list has its lines and total. */
export function isUnlistedOrder(event: OrderStatusEvent, pages: readonly { items: readonly { id: string }[] }[]): boolean {
  return event.previousStatus === null && !pages.some((page) => page.items.some((order) => order.id === event.orderId));
}
