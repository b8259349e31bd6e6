import type { DashboardStats, Order, Product } from '../../shared/domain.js';
import type { DashboardEvent, OrderStreamEvent } from '../../shared/events.js';
import type { OrderPayment } from '../../shared/payments.js';
import type { PurchaseOrder } from '../../shared/purchasing.js';
import type { RevenueBucket, RevenueSeries } from '../../shared/periods.js';

/**
 * Money beyond prices (cost, profit) as a caller may see it: staff get those fields as null
 * (`seesMoney` in access.ts says who). Every answer and event that carries such
 * a figure goes through one of these, so there is one place to look when a field is added.
 */
export function productView(product: Product, seesMoney: boolean): Product {
  return seesMoney ? product : { ...product, costCents: null };
}

export function orderView(order: Order, seesMoney: boolean): Order {
  return seesMoney ? order : { ...order, profitCents: null, payment: paymentView(order.payment, false) };
}

/** Staff see whether an order is paid, not the amounts paid or refunded. */
export function paymentView(payment: OrderPayment, seesMoney: boolean): OrderPayment {
  return seesMoney ? payment : { ...payment, paidCents: null, refundedCents: null };
}

export function statsView(stats: DashboardStats, seesMoney: boolean): DashboardStats {
  return seesMoney ? stats : { ...stats, profitCents: null, refundedCents: null, inventoryValueCents: null, previous: stats.previous && { ...stats.previous, profitCents: null } };
}

export function seriesView(series: RevenueSeries, seesMoney: boolean): RevenueSeries {
  if (seesMoney) return series;
  const hide = (buckets: RevenueBucket[]) => buckets.map((b) => ({ ...b, profitCents: null }));
  return { ...series, buckets: hide(series.buckets), previousBuckets: hide(series.previousBuckets) };
}

/** An order's stream as staff of its shop hear it: status moves as they are, payment steps without amounts. */
export function orderStreamEventView(event: OrderStreamEvent, seesMoney: boolean): OrderStreamEvent {
  if (seesMoney || !('type' in event)) return event;
  return { ...event, amountCents: null, payment: paymentView(event.payment, false) };
}

export function purchaseOrderView(order: PurchaseOrder, seesMoney: boolean): PurchaseOrder {
  return seesMoney ? order : { ...order, totalCostCents: null, lines: order.lines.map((l) => ({ ...l, unitCostCents: null })) };
}

// Exhaustive on purpose: a new dashboard event does not compile until someone decides what staff see of it.
export function dashboardEventView(event: DashboardEvent, seesMoney: boolean): DashboardEvent {
  if (seesMoney) return event;
  switch (event.type) {
    case 'new_order':
      return { ...event, order: orderView(event.order, false) };
    case 'payment_received':
    case 'payment_failed':
    case 'payment_refunded':
      return { ...event, amountCents: null, payment: paymentView(event.payment, false) };
    case 'order_status_changed':
    case 'inventory_update':
    case 'low_stock':
    case 'out_of_stock':
    case 'stock_movement':
    case 'restocked':
    case 'purchase_order_status_changed':
    case 'transfer_status_changed':
    case 'booking_status_changed':
      // Movements, status moves and transfers carry quantities only, no money (a booking: the service's price, which everyone sees).
      return event;
    case 'price_changed':
      // Prices are public.
      return event;
    case 'product_created':
    case 'product_updated':
    case 'product_archived':
      return { ...event, product: productView(event.product, false) };
    case 'purchase_order_created':
    case 'purchase_order_updated':
    case 'purchase_order_received':
      return { ...event, purchaseOrder: purchaseOrderView(event.purchaseOrder, false) };
  }
}
