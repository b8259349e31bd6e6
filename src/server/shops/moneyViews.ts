import type { DashboardStats, Order, Product } from '../../shared/domain.js';
import type { DashboardEvent } from '../../shared/events.js';
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
  return seesMoney ? order : { ...order, profitCents: null };
}

export function statsView(stats: DashboardStats, seesMoney: boolean): DashboardStats {
  return seesMoney ? stats : { ...stats, profitCents: null, inventoryValueCents: null, previous: stats.previous && { ...stats.previous, profitCents: null } };
}

export function seriesView(series: RevenueSeries, seesMoney: boolean): RevenueSeries {
  if (seesMoney) return series;
  const hide = (buckets: RevenueBucket[]) => buckets.map((b) => ({ ...b, profitCents: null }));
  return { ...series, buckets: hide(series.buckets), previousBuckets: hide(series.previousBuckets) };
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
