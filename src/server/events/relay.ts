import type { EventBus } from './bus.js';
import type { StoredEvent } from './types.js';

/**
 * Publishing from the log (DESIGN §8): committed events reach the bus through a relay, in log
 * order, never straight from a transaction. The commit queue hands each committed batch to
 * `committed`; what the relay publishes is what the log holds.
 *
 * In one process on SQLite (the default), one writer commits batches in log order, so the local
 * relay publishes each batch as it is handed over. A process that dies between its COMMIT and the
 * publish loses nothing either: its subscribers were on the same process, and each comes back
 * with its lastEventId and replays the rows from the log.
 *
 * With several instances on PostgreSQL (BUS_URL, cluster/logStream.ts), `committed` only wakes a
 * relay that reads the log past the last position it knows, in position order, and appends the
 * rows to the broker's stream; positions are assigned in commit order (DESIGN §8), and an
 * instance that died between commit and publish is covered by any other instance's relay reading
 * the same log.
 */
export interface EventRelay {
  committed(events: readonly StoredEvent[]): void;
}

export function createLocalRelay(bus: EventBus): EventRelay {
  return {
    committed: (events) => bus.publish(events),
  };
}
