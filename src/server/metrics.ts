import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { TOPICS } from '../shared/events.js';
import type { StoredEvent } from './events/types.js';

/** What the server counts for operators (GET /metrics, Prometheus text format). */
export interface Metrics {
  readonly registry: Registry;
  /** One group commit: how many changes it held, the events it published, how long it took. */
  commitBatch(batch: { changes: number; events: readonly StoredEvent[]; seconds: number }): void;
  /** A call or stream that ended in an error, by tRPC code and procedure path (`unknown` for a path the router lacks). */
  callFailed(code: string, path: string | undefined): void;
  /** PostgreSQL: a change lost a serialization conflict or a deadlock and runs again (by SQLSTATE). */
  commitRetried(sqlState: string): void;
}

export interface MetricSources {
  connections: () => number;
  subscriptions: () => number;
  inflightChanges: () => number;
  /** The router's procedures: the only values the `path` label may take besides `unknown`. */
  procedurePaths: readonly string[];
}

/**
 * prom-client, with a registry per app rather than its global one, so two apps in one process
 * (tests) keep separate counts. Labels are bounded sets (topic kind, error code, procedure path):
 * never a shop, order or user id. No revenue or other business figures are exposed here.
 */
export function createMetrics(sources: MetricSources): Metrics {
  // The path is whatever the caller sent (an id, an email): only the router's own become label values.
  const knownPaths = new Set(sources.procedurePaths);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  new Gauge({ name: 'shopwire_ws_connections', help: 'Open WebSocket connections.', registers, collect() { this.set(sources.connections()); } });
  new Gauge({ name: 'shopwire_live_subscriptions', help: 'Subscriptions listening on the event bus.', registers, collect() { this.set(sources.subscriptions()); } });
  new Gauge({ name: 'shopwire_inflight_changes', help: 'Changes submitted and not yet committed and published.', registers, collect() { this.set(sources.inflightChanges()); } });

  const batches = new Histogram({
    name: 'shopwire_commit_seconds',
    help: 'Time from BEGIN to COMMIT of one group commit.',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers,
  });
  const changes = new Histogram({ name: 'shopwire_commit_changes', help: 'Changes per group commit.', buckets: [1, 2, 4, 8, 16, 32, 64], registers });
  const events = new Counter({ name: 'shopwire_events_published_total', help: 'Committed events published on the bus, by topic kind.', labelNames: ['kind'], registers });
  const retries = new Counter({ name: 'shopwire_commit_retries_total', help: 'PostgreSQL: changes run again after losing a serialization conflict (40001) or a deadlock (40P01).', labelNames: ['sqlstate'], registers });
  const failures = new Counter({ name: 'shopwire_call_errors_total', help: 'Calls and streams that ended in an error, by tRPC code and procedure.', labelNames: ['code', 'path'], registers });

  return {
    registry,
    commitBatch(batch) {
      batches.observe(batch.seconds);
      changes.observe(batch.changes);
      if (batch.events.length === 0) return;
      // Count per kind once per batch, not once per event: this runs on every commit.
      const perKind = new Map<string, number>();
      for (const event of batch.events) {
        const kind = topicKind(event.topic);
        perKind.set(kind, (perKind.get(kind) ?? 0) + 1);
      }
      for (const [kind, n] of perKind) events.inc({ kind }, n);
    },
    commitRetried(sqlState) {
      retries.inc({ sqlstate: sqlState });
    },
    callFailed(code, path) {
      failures.inc({ code, path: path !== undefined && knownPaths.has(path) ? path : 'unknown' });
    },
  };
}

const KINDS = Object.entries(TOPICS).map(([kind, { prefix }]) => ({ kind, prefix }));

function topicKind(topic: string): string {
  return KINDS.find(({ prefix }) => topic.startsWith(prefix))?.kind ?? 'other';
}
