import { connect } from './clients.js';
import { openLeanDashboard } from './leanDashboard.js';
import { nowMs, startLoopMonitor, type LoopDelay } from './proc.js';
import type { Collected, Counts, DashboardClientKind, DashboardRecord, DashboardSpec, OpenResult } from './protocol.js';

const START_TIMEOUT_MS = 60_000;
const MAX_ERROR_SAMPLES = 10;

/**
 * The part of a dashboard event the audit reads. The tRPC client hands over the decoded event,
 * the lean one superjson's `json` part of it: the same shape for these fields (both strings).
 */
export interface DashboardEventView {
  type: string;
  order?: { id: string; shopId: string };
}

/** What a dashboard connection reports to its host; both clients call exactly these. */
export interface DashboardSink {
  /** The server answered the subscription with `started`. */
  started(): void;
  /** One tracked event: its event id, the event, and its receipt time (nowMs()). */
  data(eventId: string, event: DashboardEventView, atMs: number): void;
  /** An error the subscription reported; counted as a subscription error, and fails the open if not started. */
  error(message: string): void;
  /** The connection went away (or is reconnecting); counted as a disconnect once the subscription is live. */
  disconnected(): void;
  /** The connection could not be set up before the subscription started: fails the open only. */
  failed(message: string): void;
}

/** Opens one dashboard's connection and subscription; returns how to close it (never counted as a disconnect). */
export type OpenDashboard = (url: string, spec: DashboardSpec, sink: DashboardSink) => () => Promise<void>;

interface Dashboard {
  record: DashboardRecord;
  /**
   * The newest tracked event id so far. The contract sends a stream's events in id order, so an id
   * at or below it is a repeat (or a reordering): a stricter check than a set of seen ids, in O(1)
   * memory, which keeps the load side's garbage collector out of the latency figures.
   */
  lastEventId: number;
  /** Every order id this subscription saw, across resets: a repeat in a later step is still a duplicate. */
  seenOrders: Set<string>;
  close: () => Promise<void>;
}

export interface DashboardHost {
  open(url: string, specs: readonly DashboardSpec[], batchSize: number, client: DashboardClientKind): Promise<OpenResult>;
  counts(): Counts;
  /** reset: the records are handed over and restarted empty (duplicate tracking carries on). */
  collect(reset?: boolean): Collected;
  /** Counts a failure outside any one subscription (e.g. a frame the client library could not decode). */
  noteError(message: string): void;
  close(): Promise<void>;
}

/** The real `@trpc/client` (createShopwireClient, wsLink, superjson), as an application would use it. */
const openTrpcDashboard: OpenDashboard = (url, spec, sink) => {
  const client = connect(url, spec.token, 'ws');
  let live = false;
  client.api.dashboard.onDashboardUpdate.subscribe(
    { shopId: spec.shopId },
    {
      onStarted: () => {
        live = true;
        sink.started();
      },
      onData: ({ id, data }) => sink.data(id, data, nowMs()),
      onError: (err) => sink.error(err.message),
      // Never sent in a healthy run (the bench does not unsubscribe): the stream ended server-side.
      onStopped: () => sink.error('subscription stopped by the server'),
      onConnectionStateChange: (state) => {
        // wsLink reconnects on its own; a reconnect could hide a gap, so it is counted.
        // Before the start, `connecting` is just the first connect.
        if (live && state.state === 'connecting') sink.disconnected();
      },
    },
  );
  return () => client.close();
};

const OPENERS: Record<DashboardClientKind, OpenDashboard> = { lean: openLeanDashboard, trpc: openTrpcDashboard };

/**
 * Seller dashboards, one WebSocket connection and one `onDashboardUpdate` subscription
 * each, recording every new_order with its receipt time. The recording is the same for
 * either client; only how the frames arrive differs.
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

  const receive = (dashboard: Dashboard, id: string, event: DashboardEventView, at: number) => {
    dashboard.record.events++;
    counts.events++;
    const eventId = Number(id);
    if (!(eventId > dashboard.lastEventId)) {
      dashboard.record.duplicateEventIds++;
      return;
    }
    dashboard.lastEventId = eventId;
    if (event.type !== 'new_order') return;
    const order = event.order;
    if (!order) {
      noteError(`dashboard ${dashboard.record.key}: new_order event ${id} without an order`);
      return;
    }
    counts.newOrders++;
    if (dashboard.seenOrders.has(order.id)) {
      // Same order under another event id: a duplicate delivery (the audit counts it via duplicateEventIds).
      dashboard.record.duplicateEventIds++;
      return;
    }
    dashboard.seenOrders.add(order.id);
    dashboard.record.orderIds.push(order.id);
    dashboard.record.orderShopIds.push(order.shopId);
    dashboard.record.receivedAtMs.push(at);
  };

  const openOne = (url: string, spec: DashboardSpec, openDashboard: OpenDashboard): Promise<void> => {
    const record: DashboardRecord = {
      key: spec.key,
      shopId: spec.shopId,
      events: 0,
      duplicateEventIds: 0,
      orderIds: [],
      orderShopIds: [],
      receivedAtMs: [],
    };
    const dashboard: Dashboard = { record, lastEventId: 0, seenOrders: new Set(), close: () => Promise.resolve() };
    dashboards.push(dashboard);
    return new Promise<void>((resolve, reject) => {
      let live = false;
      const timer = setTimeout(() => reject(new Error(`dashboard ${spec.key}: subscription not started in ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      dashboard.close = openDashboard(url, spec, {
        started: () => {
          live = true;
          clearTimeout(timer);
          resolve();
        },
        data: (id, event, at) => receive(dashboard, id, event, at),
        error: (message) => {
          noteError(`dashboard ${spec.key}: ${message}`);
          clearTimeout(timer);
          reject(new Error(message));
        },
        disconnected: () => {
          if (live) counts.disconnects++;
        },
        failed: (message) => {
          clearTimeout(timer);
          reject(new Error(`dashboard ${spec.key}: ${message}`));
        },
      });
    });
  };

  return {
    async open(url, specs, batchSize, client) {
      const openDashboard = OPENERS[client];
      let opened = 0;
      let failed = 0;
      let firstError: string | null = null;
      // Batches, so thousands of handshakes and token checks do not land on the server at once.
      for (let i = 0; i < specs.length; i += batchSize) {
        const results = await Promise.allSettled(specs.slice(i, i + batchSize).map((spec) => openOne(url, spec, openDashboard)));
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
      await Promise.allSettled(dashboards.map((d) => d.close()));
    },
  };
}
