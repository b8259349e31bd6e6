import type { Clock } from '../clock.js';
import type { Db, Trx } from '../db/database.js';
import type { EventBus } from './bus.js';
import { appendEvents } from './eventLog.js';
import type { NewEvent } from './types.js';

/** Lets shutdown wait for transactions already under way. */
export interface InflightTracker {
  track<T>(work: Promise<T>): Promise<T>;
  drain(): Promise<void>;
  pending(): number;
}

export function createInflightTracker(): InflightTracker {
  const pending = new Set<Promise<unknown>>();
  return {
    track(work) {
      pending.add(work);
      const forget = () => pending.delete(work);
      work.then(forget, forget);
      return work;
    },
    async drain() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    pending: () => pending.size,
  };
}

export interface TransactDeps {
  db: Db;
  bus: EventBus;
  clock: Clock;
  inflight: InflightTracker;
}

export type Emit = (...events: NewEvent[]) => void;

/**
 * Runs `work` in one transaction together with the rows of the events it emits,
 * and publishes those events only once the commit has succeeded.
 */
export async function transact<R>(deps: TransactDeps, work: (trx: Trx, emit: Emit) => Promise<R>): Promise<R> {
  const { result, stored } = await deps.inflight.track(
    deps.db.transaction().execute(async (trx) => {
      const pending: NewEvent[] = [];
      const result = await work(trx, (...events) => pending.push(...events));
      const stored = await appendEvents(trx, deps.clock, pending);
      return { result, stored };
    }),
  );
  deps.bus.publish(stored);
  return result;
}
