import { Counter, Gauge, type Registry } from 'prom-client';
import { isIngestType } from '../../shared/ingest.js';
import type { Verdict } from './apply.js';

export interface IngestMetrics {
  message(type: string, outcome: Verdict['outcome']): void;
  retry(type: string): void;
  disconnected(): void;
}

/** On the app's registry (metrics.ts), beside its own figures; labels are bounded: a known type or `unknown`, and an outcome. */
export function createIngestMetrics(registry: Registry, connected: () => boolean): IngestMetrics {
  const registers = [registry];
  new Gauge({
    name: 'shopwire_ingest_connected',
    help: '1 while the consumer of other services’ messages is connected to the broker, 0 while it reconnects.',
    registers,
    collect() {
      this.set(connected() ? 1 : 0);
    },
  });
  const messages = new Counter({
    name: 'shopwire_ingest_messages_total',
    help: 'Messages from other services, by type and outcome: applied, duplicate (applied before), dead_lettered, requeued (the database could not take it yet).',
    labelNames: ['type', 'outcome'],
    registers,
  });
  const retries = new Counter({ name: 'shopwire_ingest_retries_total', help: 'Attempts at a message that failed for a passing reason and were made again.', labelNames: ['type'], registers });
  const disconnects = new Counter({ name: 'shopwire_ingest_disconnects_total', help: 'Times the connection to the message broker was lost.', registers });
  const label = (type: string) => (isIngestType(type) ? type : 'unknown');
  return {
    message: (type, outcome) => messages.inc({ type: label(type), outcome }),
    retry: (type) => retries.inc({ type: label(type) }),
    disconnected: () => disconnects.inc(),
  };
}
