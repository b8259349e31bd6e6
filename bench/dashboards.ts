import { connect } from './clients.js';
import { nowMs, startLoopMonitor, type LoopDelay } from './proc.js';
import type { Collected, Counts, DashboardRecord, DashboardSpec, OpenResult } from './protocol.js';
import type { ShopwireClient } from '../src/client/sdk/createShopwireClient.js';

const START_TIMEOUT_MS = 60_000;
const MAX_ERROR_SAMPLES = 10;

interface Dashboard {
  record: DashboardRecord;
  seen: Set<string>;
  /** Every order id this subscription saw, across resets: a repeat in a later step is still a duplicate. */
  seenOrders: Set<string>;
  client: ShopwireClient;
}

export interface DashboardHost {
  open(url: string, specs: readonly DashboardSpec[], batchSize: number): Promise<OpenResult>;
  counts(): Counts;
  /** reset: the records are handed over and restarted empty (duplicate tracking carries on). */
  collect(reset?: boolean): Collected;
  /** Counts a failure outside any one subscription (e.g. a frame the client library could not decode). */
  noteError(message: string): void;
  close(): Promise<void>;
}

/**
 * Seller dashboards, one WebSocket connection and one `onDashboardUpdate` subscription
 * each, recording every new_order with its receipt time.
 */
export function createDashboardHost(): DashboardHost {
  const dashboards: Dashboard[] = [];
  const counts: Counts = { newOrders: 0, events: 0, errors: 0, disconnects: 0 };
  const errorSamples: string[] = [];
  let loopDelay: (() => LoopDelay) | null = null;
  const noteError = (message: string) => {
    counts.errors++;
    if (errorSamples.length < MAX_ERROR_SAMPLES) errorSamples.push(message);
  };

  const openOne = (url: string, spec: DashboardSpec): Promise<void> => {
    const record: DashboardRecord = {
      key: spec.key,
      shopId: spec.shopId,
      events: 0,
      duplicateEventIds: 0,
      orderIds: [],
      orderShopIds: [],
      receivedAtMs: [],
    };
    let live = false;
    const client = connect(url, spec.token, 'ws');
    const dashboard: Dashboard = { record, seen: new Set(), seenOrders: new Set(), client };
    dashboards.push(dashboard);
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`dashboard ${spec.key}: subscription not started in ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      client.api.dashboard.onDashboardUpdate.subscribe(
        { shopId: spec.shopId },
        {
          onStarted: () => {
            live = true;
            clearTimeout(timer);
            resolve();
          },
          onData: ({ id, data }) => {
            const at = nowMs();
            dashboard.record.events++;
            counts.events++;
            if (dashboard.seen.has(id)) {
              dashboard.record.duplicateEventIds++;
              return;
            }
            dashboard.seen.add(id);
            if (data.type !== 'new_order') return;
            counts.newOrders++;
            if (dashboard.seenOrders.has(data.order.id)) {
              // Same order under another event id: a duplicate delivery (the audit counts it via duplicateEventIds).
              dashboard.record.duplicateEventIds++;
              return;
            }
            dashboard.seenOrders.add(data.order.id);
            dashboard.record.orderIds.push(data.order.id);
            dashboard.record.orderShopIds.push(data.order.shopId);
            dashboard.record.receivedAtMs.push(at);
          },
          onError: (err) => {
            noteError(`dashboard ${spec.key}: ${err.message}`);
            clearTimeout(timer);
            reject(err);
          },
          onConnectionStateChange: (state) => {
            // A reconnect would resubscribe without lastEventId and could hide a gap, so it is counted.
            if (live && state.state === 'connecting') counts.disconnects++;
          },
        },
      );
    });
  };

  return {
    async open(url, specs, batchSize) {
      let opened = 0;
      let failed = 0;
      let firstError: string | null = null;
      // Batches, so thousands of handshakes and token checks do not land on the server at once.
      for (let i = 0; i < specs.length; i += batchSize) {
        const results = await Promise.allSettled(specs.slice(i, i + batchSize).map((spec) => openOne(url, spec)));
        for (const r of results) {
          if (r.status === 'fulfilled') opened++;
          else {
            failed++;
            firstError ??= r.reason instanceof Error ? r.reason.message : String(r.reason);
          }
        }
      }
      // Only the measured phase counts: connecting thousands of sockets stalls the loop by design.
      loopDelay = startLoopMonitor();
      return { opened, failed, firstError };
    },
    counts: () => ({ ...counts }),
    noteError,
    collect: (reset = false) => {
      const collected: Collected = {
        dashboards: dashboards.map((d) => d.record),
        loopDelay: loopDelay?.() ?? { p99Ms: Number.NaN, maxMs: Number.NaN },
        counts: { ...counts },
        errorSamples: [...errorSamples],
      };
      if (reset) {
        for (const d of dashboards) d.record = { ...d.record, events: 0, duplicateEventIds: 0, orderIds: [], orderShopIds: [], receivedAtMs: [] };
        loopDelay = startLoopMonitor();
      }
      return collected;
    },
    async close() {
      await Promise.allSettled(dashboards.map((d) => d.client.close()));
    },
  };
}
