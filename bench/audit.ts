import type { DashboardRecord } from './protocol.js';

export interface PlacedOrder {
  orderId: string;
  shopId: string;
  sentAtMs: number;
  /** When the order.place message left the buyer's socket (WebSocket transport); after sentAtMs by wsLink's send timer. */
  wireSentAtMs?: number | undefined;
}

export interface AuditResult {
  /** (order, dashboard) pairs where a dashboard of the order's shop never got it. */
  lost: number;
  /** Same event id twice on one subscription, or the same order delivered twice to it. */
  duplicated: number;
  /** A dashboard got an order of another shop. */
  misrouted: number;
  /** new_order events for orders this run did not see answered (e.g. an answer lost in transit). */
  unknown: number;
  deliveries: number;
  /** Send to receipt, one per delivered (order, dashboard) pair, ms. */
  latenciesMs: number[];
  /** Send to the last dashboard's receipt, one per order every dashboard of its shop got, ms. */
  lastReceiptMs: number[];
}

/** Checks every placed order against every dashboard of its shop, and every receipt against its dashboard's shop. */
export function audit(placed: readonly PlacedOrder[], dashboards: readonly DashboardRecord[]): AuditResult {
  const byId = new Map(placed.map((o) => [o.orderId, o]));
  const dashboardsPerShop = new Map<string, number>();
  for (const d of dashboards) dashboardsPerShop.set(d.shopId, (dashboardsPerShop.get(d.shopId) ?? 0) + 1);

  let duplicated = 0;
  let misrouted = 0;
  let unknown = 0;
  let deliveries = 0;
  const latenciesMs: number[] = [];
  const receiptsPerOrder = new Map<string, number>();
  const lastAt = new Map<string, number>();

  for (const d of dashboards) {
    duplicated += d.duplicateEventIds;
    const seenOrders = new Set<string>();
    for (let i = 0; i < d.orderIds.length; i++) {
      const orderId = d.orderIds[i] ?? '';
      const at = d.receivedAtMs[i] ?? Number.NaN;
      if (seenOrders.has(orderId)) {
        duplicated++;
        continue;
      }
      seenOrders.add(orderId);
      const order = byId.get(orderId);
      if (d.orderShopIds[i] !== d.shopId || (order && order.shopId !== d.shopId)) {
        misrouted++;
        continue;
      }
      if (!order) {
        unknown++;
        continue;
      }
      deliveries++;
      latenciesMs.push(at - order.sentAtMs);
      receiptsPerOrder.set(orderId, (receiptsPerOrder.get(orderId) ?? 0) + 1);
      lastAt.set(orderId, Math.max(lastAt.get(orderId) ?? -Infinity, at));
    }
  }

  let lost = 0;
  const lastReceiptMs: number[] = [];
  for (const order of placed) {
    const expected = dashboardsPerShop.get(order.shopId) ?? 0;
    const got = receiptsPerOrder.get(order.orderId) ?? 0;
    lost += Math.max(0, expected - got);
    const last = lastAt.get(order.orderId);
    if (expected > 0 && got === expected && last !== undefined) lastReceiptMs.push(last - order.sentAtMs);
  }
  return { lost, duplicated, misrouted, unknown, deliveries, latenciesMs, lastReceiptMs };
}
