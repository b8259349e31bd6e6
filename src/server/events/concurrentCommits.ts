import { isRetryable, pgErrorCode } from '../db/postgres.js';
import { RetryLaterError } from '../errors.js';
import { appendEvents } from './eventLog.js';
import type { ChangeOptions, CommitQueue, CommitQueueOptions, Isolation, Work } from './transact.js';
import type { NewEvent, StoredEvent } from './types.js';

/**
 * How long a change that keeps losing serialization conflicts (a hot product under a rush of
 * orders, from several instances) is run again. A count of attempts ran out in under a second
 * when three instances overloaded one shop, and the buyer got an internal error; a time budget
 * rides out a burst, and past it the caller is told to try again (nothing was changed).
 */
const RETRY_BUDGET_MS = 10_000;

/**
 * The commit queue on PostgreSQL: each change in its own SERIALIZABLE transaction, several at
 * once on the pool. SQLite's group commit exists because its one writer pays a WAL write per
 * COMMIT; PostgreSQL has many writers, other instances among them, so no batching of ours could
 * stand in for their isolation. SERIALIZABLE keeps every service's read-check-write exactly as
 * it is on SQLite's single writer (an order's stock guard, a status move, an idempotency key):
 * a change that raced another is told 40001 and runs again from the start, on fresh data.
 *
 * Positions in commit order (DESIGN §8): a change that emits events takes the log's tail lock
 * in its append (eventLog.ts `insertAtTail`) as its last step, commits, and only then lets the
 * next one take it. Locally, the same turn is a FIFO held from the lock to the publish, so this
 * process also hands its batches to the relay in log order (the live engine drops an id at or
 * below one it has sent).
 */
export function createConcurrentCommitQueue({
  db,
  relay,
  clock,
  maxConcurrent = 8,
  retryBudgetMs = RETRY_BUDGET_MS,
  onRetry,
  onError = (error) => console.error(error),
  onCommitted,
  react,
}: CommitQueueOptions): CommitQueue {
  let pending = 0;
  const idle = new Set<() => void>();
  const slots = createSemaphore(maxConcurrent);
  const tail = createSemaphore(1);

  const attempt = async <R>(work: Work<R>, isolation: Isolation): Promise<{ result: R; lastEventId: number | null }> => {
    const started = performance.now();
    const trx = await db.startTransaction().setIsolationLevel(isolation).execute();
    let releaseTail: (() => void) | null = null;
    try {
      const events: NewEvent[] = [];
      const emit = (...emitted: NewEvent[]) => events.push(...emitted);
      const result = await work(trx, emit);
      // Reactions to this change's events (a restock telling the buyers who asked), in its transaction, as on SQLite.
      const reacting = react?.(trx, events, emit);
      if (reacting) await reacting;
      let stored: StoredEvent[] = [];
      if (events.length > 0) {
        releaseTail = await tail.acquire();
        stored = await appendEvents(trx, clock, events, { atTail: true });
      }
      await trx.commit().execute();
      try {
        onCommitted?.({ changes: 1, events: stored, seconds: (performance.now() - started) / 1000 });
        if (stored.length > 0) relay.committed(stored);
      } catch (error) {
        // Committed is committed: the caller gets its answer; subscribers catch up from the log.
        onError(error);
      }
      return { result, lastEventId: stored.at(-1)?.id ?? null };
    } catch (error) {
      if (!trx.isCommitted && !trx.isRolledBack) await trx.rollback().execute().catch(() => undefined);
      throw error;
    } finally {
      releaseTail?.();
    }
  };

  const runTracked = async <R>(work: Work<R>, { isolation = 'serializable' }: ChangeOptions = {}) => {
    pending++;
    const release = await slots.acquire();
    try {
      const deadline = performance.now() + retryBudgetMs;
      for (let attempts = 1; ; attempts++) {
        try {
          return await attempt(work, isolation);
        } catch (error) {
          if (!isRetryable(error)) throw error;
          if (performance.now() >= deadline) {
            throw new RetryLaterError('The shop is very busy right now and your change was not made. Please try again in a moment.', 1);
          }
          onRetry?.(pgErrorCode(error) ?? 'unknown');
          // Spread the losers out, or they collide again on the same row.
          await sleep(Math.random() * Math.min(100, 2 ** attempts));
        }
      }
    } finally {
      release();
      pending--;
      if (pending === 0) for (const wake of idle) wake();
    }
  };

  return {
    run: async (work, options) => (await runTracked(work, options)).result,
    runTracked,
    drain() {
      if (pending === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const wake = () => {
          idle.delete(wake);
          resolve();
        };
        idle.add(wake);
      });
    },
    pending: () => pending,
  };
}

/** At most `size` holders at once; the others wait in arrival order. */
function createSemaphore(size: number): { acquire(): Promise<() => void> } {
  let free = size;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  return {
    acquire() {
      if (free > 0) {
        free--;
        return Promise.resolve(once(release));
      }
      return new Promise((resolve) => waiting.push(() => resolve(once(release))));
    },
  };
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      fn();
    }
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
