import type { Order } from '../../../../shared/domain.js';
import type { DashboardEvent } from '../../../../shared/events.js';
import type { OrderStatus } from '../../../../shared/orderStatus.js';
import { lowStockSeverity, type LowStockSeverity } from '../../../../shared/stockLevel.js';

/**
 * A change to the headline figures caused by one event; kept with its id so any later snapshot can
 * be re-based on, and with the time its order was placed, so it counts only in the periods (and
 * chart buckets) that hold that time.
 */
export interface FigureDelta {
  eventId: number;
  /** When the order was placed (epoch ms): a cancellation counts where its order did. */
  placedAt: number;
  orders: number;
  revenueCents: number;
  /** Null when the viewer sees no profit (staff). */
  profitCents: number | null;
}

export interface LiveAlert {
  eventId: number;
  kind: 'low_stock' | 'out_of_stock';
  productId: string;
  productName: string;
  stock: number;
  /** Low stock only: how low (alerts logged before severity existed get it from stock and threshold). */
  severity: LowStockSeverity | null;
  receivedAt: Date;
}

export interface LiveState {
  /** Highest event id applied; anything at or below it is a replayed duplicate. */
  lastEventId: number;
  deltas: FigureDelta[];
  /** Orders that arrived as events, by id. */
  liveOrders: Map<string, Order>;
  /** Newest known status per order (events are absolute, so the latest one wins). */
  statusById: Map<string, OrderStatus>;
  stockById: Map<string, number>;
  /** Money and time per known order, to take a cancelled order back out of the figures it was in. */
  totalsById: Map<string, { totalCents: number; profitCents: number | null; placedAt: number }>;
  alerts: LiveAlert[];
  /** Id of the newest cancellation of an order we know nothing about: figures need a fresh snapshot past it. */
  rebaseAfter: number | null;
}

export type LiveAction =
  | { type: 'event'; id: number; event: DashboardEvent; receivedAt: Date }
  | { type: 'ordersLoaded'; orders: readonly Order[] }
  /** The stream starts over from a new snapshot, whose cursor may even be lower (a restored database). */
  | { type: 'reset' };

export const MAX_ALERTS = 50;

export function initialLiveState(): LiveState {
  return {
    lastEventId: 0,
    deltas: [],
    liveOrders: new Map(),
    statusById: new Map(),
    stockById: new Map(),
    totalsById: new Map(),
    alerts: [],
    rebaseAfter: null,
  };
}

export function liveReducer(state: LiveState, action: LiveAction): LiveState {
  if (action.type === 'ordersLoaded') return rememberTotals(state, action.orders);
  // An order's money does not depend on the cursor, and a reloaded page may be the very same data (no new 'ordersLoaded').
  if (action.type === 'reset') return { ...initialLiveState(), totalsById: state.totalsById };
  if (action.id <= state.lastEventId) return state;
  return applyEvent({ ...state, lastEventId: action.id }, action.id, action.event, action.receivedAt);
}

function rememberTotals(state: LiveState, orders: readonly Order[]): LiveState {
  const totalsById = new Map(state.totalsById);
  for (const order of orders) totalsById.set(order.id, { totalCents: order.totalCents, profitCents: order.profitCents, placedAt: order.createdAt.getTime() });
  return { ...state, totalsById };
}

function applyEvent(state: LiveState, id: number, event: DashboardEvent, receivedAt: Date): LiveState {
  switch (event.type) {
    case 'new_order': {
      const { order } = event;
      const next = rememberTotals(state, [order]);
      return {
        ...next,
        liveOrders: new Map(state.liveOrders).set(order.id, order),
        statusById: new Map(state.statusById).set(order.id, order.status),
        deltas: [...state.deltas, { eventId: id, placedAt: order.createdAt.getTime(), orders: 1, revenueCents: order.totalCents, profitCents: order.profitCents }],
      };
    }
    case 'order_status_changed':
      return applyStatusChange(state, id, event);
    case 'inventory_update': {
      const stockById = new Map(state.stockById);
      for (const update of event.updates) stockById.set(update.productId, update.stock);
      return { ...state, stockById };
    }
    case 'low_stock': {
      const severity = (event.severity as LowStockSeverity | undefined) ?? lowStockSeverity(event.stock, event.threshold);
      return addAlert(state, { eventId: id, kind: 'low_stock', productId: event.productId, productName: event.productName, stock: event.stock, severity, receivedAt });
    }
    case 'out_of_stock':
      return addAlert(state, { eventId: id, kind: 'out_of_stock', productId: event.productId, productName: event.productName, stock: 0, severity: null, receivedAt });
    // The overview's figures and stock come from the events above (stock levels from inventory_update, sent with every movement);
    // product details come from the product list, which useShopLive reads again on the catalog events.
    case 'stock_movement':
    case 'restocked':
    case 'product_created':
    case 'product_updated':
    case 'price_changed':
    case 'product_archived':
    case 'purchase_order_created':
    case 'purchase_order_updated':
    case 'purchase_order_status_changed':
    case 'purchase_order_received':
    case 'transfer_status_changed':
    case 'booking_status_changed':
      // Transfers and bookings have their own pages (features/inventory, features/bookings).
      return state;
  }
}

function applyStatusChange(state: LiveState, id: number, event: Extract<DashboardEvent, { type: 'order_status_changed' }>): LiveState {
  const statusById = new Map(state.statusById).set(event.orderId, event.status);
  if (event.status !== 'cancelled') return { ...state, statusById };
  const totals = state.totalsById.get(event.orderId);
  // Cancelled orders leave the figures. Without the order's money at hand, only a new snapshot can say what to take out.
  if (!totals) return { ...state, statusById, rebaseAfter: id };
  return {
    ...state,
    statusById,
    deltas: [
      ...state.deltas,
      { eventId: id, placedAt: totals.placedAt, orders: -1, revenueCents: -totals.totalCents, profitCents: totals.profitCents === null ? null : -totals.profitCents },
    ],
  };
}

function addAlert(state: LiveState, alert: LiveAlert): LiveState {
  return { ...state, alerts: [alert, ...state.alerts].slice(0, MAX_ALERTS) };
}

export interface Figures {
  orderCount: number;
  revenueCents: number;
  /** Null for staff: the server sends them no profit, in snapshots or events. */
  profitCents: number | null;
}

/** A span of time, [from, to) in epoch ms; null is all time. */
export type Span = { from: number; to: number } | null;

/**
 * Snapshot plus every change after its cursor whose order was placed in `span`, each exactly once.
 * Works for any snapshot newer than the first. A past period gets no new orders this way (they are
 * placed now), only the cancellations of its own orders.
 */
export function liveFigures(snapshot: Figures & { cursor: string }, deltas: readonly FigureDelta[], span: Span = null): Figures {
  const cursor = Number(snapshot.cursor);
  let { orderCount, revenueCents, profitCents } = snapshot;
  for (const delta of deltas) {
    if (delta.eventId <= cursor) continue;
    if (span && (delta.placedAt < span.from || delta.placedAt >= span.to)) continue;
    orderCount += delta.orders;
    revenueCents += delta.revenueCents;
    // A figure with a missing part is no figure: shown as unknown rather than wrong.
    profitCents = profitCents === null || delta.profitCents === null ? null : profitCents + delta.profitCents;
  }
  return { orderCount, revenueCents, profitCents };
}
