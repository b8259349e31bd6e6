/** Messages between the load process and its dashboard worker processes (IPC, structured clone). */

/**
 * Which client the dashboards use: `lean` speaks tRPC's WebSocket protocol over a raw `ws` socket
 * (leanDashboard.ts); `trpc` is the real `@trpc/client` through createShopwireClient.
 */
export type DashboardClientKind = 'lean' | 'trpc';
export const DASHBOARD_CLIENT_KINDS: readonly DashboardClientKind[] = ['lean', 'trpc'];

export interface DashboardSpec {
  /** Unique across the whole fleet; the audit names dashboards by it. */
  key: number;
  shopId: string;
  token: string;
}

export interface OpenResult {
  opened: number;
  failed: number;
  firstError: string | null;
}

export interface Counts {
  newOrders: number;
  events: number;
  errors: number;
  disconnects: number;
}

/** What one dashboard saw: its new_order receipts as parallel arrays, to keep IPC compact. */
export interface DashboardRecord {
  key: number;
  shopId: string;
  events: number;
  /** A tracked event id at or below one already received on this subscription (a repeat or a reordering). */
  duplicateEventIds: number;
  orderIds: string[];
  orderShopIds: string[];
  receivedAtMs: number[];
}

export interface Collected {
  dashboards: DashboardRecord[];
  /** Event-loop delay in the worker(s) since the subscriptions were open (max over workers). */
  loopDelay: { p99Ms: number; maxMs: number };
  counts: Counts;
  errorSamples: string[];
}

export type WorkerRequest =
  | { id: number; type: 'open'; url: string; specs: DashboardSpec[]; batchSize: number; client: DashboardClientKind }
  | { id: number; type: 'count' }
  /** reset: hand over the receipts so far and start empty records (a ramp audits step by step). */
  | { id: number; type: 'collect'; reset?: boolean }
  | { id: number; type: 'close' };

export type WorkerResult = { open: OpenResult; count: Counts; collect: Collected; close: null };

export type WorkerResponse = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
