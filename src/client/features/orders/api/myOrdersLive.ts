import type { Order } from '../../../../shared/domain.js';
import { isPaymentEvent, type OrderStreamEvent } from '../../../../shared/events.js';
import type { OrderStatus } from '../../../../shared/orderStatus.js';
import type { OrderPayment } from '../../../../shared/payments.js';

/** A value heard on the buyer's stream for one order, with the event that set it (values are absolute: the latest wins). */
export interface Heard<T> {
  value: T;
  eventId: number;
}

export interface LiveOrders {
  statuses: ReadonlyMap<string, Heard<OrderStatus>>;
  payments: ReadonlyMap<string, Heard<OrderPayment>>;
  tracking: ReadonlyMap<string, Heard<string>>;
}

export function emptyLiveOrders(): LiveOrders {
  return { statuses: new Map(), payments: new Map(), tracking: new Map() };
}

function hear<T>(map: ReadonlyMap<string, Heard<T>>, orderId: string, value: T, eventId: number): ReadonlyMap<string, Heard<T>> {
  const known = map.get(orderId);
  if (known && known.eventId >= eventId) return map;
  return new Map(map).set(orderId, { value, eventId });
}

/** `reset`: the stream starts over from a new list, whose cursor may even be lower (a restored database). */
export function liveOrdersReducer(state: LiveOrders, action: { id: number; event: OrderStreamEvent } | 'reset'): LiveOrders {
  if (action === 'reset') return emptyLiveOrders();
  const { id, event } = action;
  if (isPaymentEvent(event)) return { ...state, payments: hear(state.payments, event.orderId, event.payment, id) };
  const statuses = hear(state.statuses, event.orderId, event.status, id);
  const tracking = event.trackingNumber === undefined ? state.tracking : hear(state.tracking, event.orderId, event.trackingNumber, id);
  return statuses === state.statuses && tracking === state.tracking ? state : { ...state, statuses, tracking };
}

/** `O`: the order as the list has it (listMine adds the shop's name). */
export interface MyOrderRow<O extends Order = Order> {
  order: O;
  status: OrderStatus;
  payment: OrderPayment;
  trackingNumber: string | null;
}

/**
 * Each page's orders with everything heard after that page's own cursor: pages are read at
 * different times, and a page read later already holds the changes up to its cursor.
 */
export function myOrderRows<O extends Order>(pages: readonly { items: readonly O[]; eventCursor: string }[], live: LiveOrders): MyOrderRow<O>[] {
  return pages.flatMap((page) => {
    const cursor = Number(page.eventCursor);
    const newer = <T,>(heard: Heard<T> | undefined, own: T): T => (heard && heard.eventId > cursor ? heard.value : own);
    return page.items.map((order) => ({
      order,
      status: newer(live.statuses.get(order.id), order.status),
      payment: newer(live.payments.get(order.id), order.payment),
      trackingNumber: newer<string | null>(live.tracking.get(order.id), order.trackingNumber),
    }));
  });
}

/** The stream starts where the oldest loaded page left off. */
export function oldestCursor(pages: readonly { eventCursor: string }[]): string | undefined {
  return pages.map((page) => page.eventCursor).reduce<string | undefined>((low, cursor) => (low === undefined || Number(cursor) < Number(low) ? cursor : low), undefined);
}

/** An order placed after the list was read (in another tab): only the list has its lines and total. */
export function isUnlistedOrder(event: OrderStreamEvent, pages: readonly { items: readonly { id: string }[] }[]): boolean {
  return !isPaymentEvent(event) && event.previousStatus === null && !pages.some((page) => page.items.some((order) => order.id === event.orderId));
}
