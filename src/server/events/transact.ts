import { z } from 'zod';
import type { Clock } from '../clock.js';
import { isPostgres, type Db, type Trx } from '../db/database.js';
import { createConcurrentCommitQueue } from './concurrentCommits.js';
import type { EventRelay } from './relay.js';
import { appendEvents } from './eventLog.js';
import type { NewEvent, StoredEvent } from './types.js';

export type Emit = (...events: NewEvent[]) => void;
export type Work<R> = (trx: Trx, emit: Emit) => Promise<R>;
/**
 * Runs after each change's own work, in its transaction, with the events it emitted: for what must
 * follow an event wherever it comes from (a restock, by whatever moved the stock, tells the buyers
 * waiting for it). It answers undefined, synchronously, when none of the events concern it.
 */
export type Reaction = (trx: Trx, events: readonly NewEvent[], emit: Emit) => Promise<void> | undefined;

/**
 * How a change is isolated on PostgreSQL; SQLite's one writer makes every change serializable.
 * - `serializable` (the default): any read-check-write holds exactly as on SQLite, and a change
 *   that raced another fails with 40001 and runs again from the start.
 * - `read committed`: only for a change whose every guard is in its own writes (a conditional
 *   UPDATE, which PostgreSQL re-checks on the row version it waited for; a unique index), so
 *   what it reads beforehand may be a moment old without making it wrong. Two such changes of
 *   one row then queue on the row's lock instead of one failing, rolling back and starting over:
 *   orders of the same product from several instances did that 2–3 times per order.
 */
export type Isolation = 'serializable' | 'read committed';
export interface ChangeOptions {
  isolation?: Isolation;
}

/**
 * Every write transaction goes through here. Changes submitted in the same event-loop turn
 * commit together (group commit); each still succeeds or fails on its own.
 */
export interface CommitQueue {
  run<R>(work: Work<R>, options?: ChangeOptions): Promise<R>;
  /** As `run`, also telling the id of the newest event the change wrote (null: it wrote none). */
  runTracked<R>(work: Work<R>, options?: ChangeOptions): Promise<{ result: R; lastEventId: number | null }>;
  /** Resolves once every change submitted so far has committed or failed and been published (shutdown waits on it). */
  drain(): Promise<void>;
  pending(): number;
}

export interface TransactDeps {
  db: Db;
  clock: Clock;
  commits: CommitQueue;
}

/**
 * Runs `work` in one transaction together with the rows of the events it emits,
 * and publishes those events only once the commit has succeeded.
 * `work` must use `trx` alone: the connection is held for the whole batch.
 */
export function transact<R>(deps: TransactDeps, work: Work<R>, options?: ChangeOptions): Promise<R> {
  return deps.commits.run(work, options);
}

interface Unit {
  work: Work<unknown>;
  resolve: (value: { result: unknown; lastEventId: number | null }) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; result: unknown; stored: StoredEvent[] } | { ok: false; error: unknown };

export interface CommitQueueOptions {
  db: Db;
  /** Publishes committed events, in log order (events/relay.ts). */
  relay: EventRelay;
  clock: Clock;
  /** SQLite: most changes in one transaction, so one batch cannot hold the writer for long. */
  maxBatch?: number;
  /** PostgreSQL: most changes in flight at once (each holds a pooled connection). */
  maxConcurrent?: number;
  /** PostgreSQL: how long a change that keeps losing serialization conflicts is run again before it is refused. */
  retryBudgetMs?: number;
  /** PostgreSQL: told of each attempt that lost a conflict and will run again, with its SQLSTATE (metrics). */
  onRetry?: (sqlState: string) => void;
  /** A failure after the commit (a bus listener threw); the changes themselves are done and answered. */
  onError?: (error: unknown) => void;
  /** Told of every batch that committed, just before its events are published (metrics). */
  onCommitted?: (batch: { changes: number; events: readonly StoredEvent[]; seconds: number }) => void;
  react?: Reaction;
}

/**
 * SQLite commits are the costliest step of a change: each one writes every page it dirtied to
 * the WAL. Orders arriving together touch the same pages (the tails of orders, order_items,
 * events), so committing them together writes those pages once. A SAVEPOINT per change keeps
 * them independent: one that throws is rolled back alone. Nobody hears of any of them, answer
 * or event, before the COMMIT has succeeded, so the promise of DESIGN §1 is unchanged.
 */
export function createCommitQueue(options: CommitQueueOptions): CommitQueue {
  return isPostgres(options.db) ? createConcurrentCommitQueue(options) : createGroupCommitQueue(options);
}

function createGroupCommitQueue({ db, relay, clock, maxBatch = 64, onError = (error) => console.error(error), onCommitted, react }: CommitQueueOptions): CommitQueue {
  let queue: Unit[] = [];
  let scheduled = false;
  let running: Promise<void> | null = null;
  let pending = 0;
  const idle = new Set<() => void>();

  const schedule = () => {
    if (scheduled || running) return;
    scheduled = true;
    // setImmediate runs after the poll phase, by which time every request read in this
    // turn has submitted its change.
    setImmediate(() => {
      scheduled = false;
      running = flush()
        .catch(onError)
        .finally(() => {
          running = null;
          if (queue.length > 0) schedule();
          else if (pending === 0) for (const wake of idle) wake();
        });
    });
  };

  const flush = async () => {
    const batch = queue.slice(0, maxBatch);
    queue = queue.slice(batch.length);
    const started = performance.now();
    const outcomes = await commitBatch(db, clock, batch, react);
    pending -= batch.length;
    try {
      if (outcomes.ok) {
        const events = outcomes.results.flatMap((o) => (o.ok ? o.stored : []));
        onCommitted?.({ changes: batch.length, events, seconds: (performance.now() - started) / 1000 });
        relay.committed(events);
      }
    } finally {
      // Committed is committed: callers get their answers even if a listener failed (subscribers
      // that missed an event catch up from the log when they resubscribe).
      batch.forEach((unit, i) => {
        const outcome = outcomes.ok ? outcomes.results[i] : { ok: false as const, error: outcomes.error };
        if (outcome?.ok) unit.resolve({ result: outcome.result, lastEventId: outcome.stored.at(-1)?.id ?? null });
        else unit.reject(outcome?.error);
      });
    }
  };

  // One writer at a time: SQLite needs no isolation options.
  const runTracked = <R>(work: Work<R>) =>
    new Promise<{ result: R; lastEventId: number | null }>((resolve, reject) => {
      queue.push({ work, resolve: resolve as Unit['resolve'], reject });
      pending++;
      schedule();
    });
  return {
    run: async (work) => (await runTracked(work)).result,
    runTracked,
    drain() {
      if (pending === 0 && !running) return Promise.resolve();
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

type BatchOutcome = { ok: true; results: Outcome[] } | { ok: false; error: unknown };

async function commitBatch(db: Db, clock: Clock, batch: readonly Unit[], react: Reaction | undefined): Promise<BatchOutcome> {
  let trx;
  try {
    trx = await db.startTransaction().execute();
  } catch (error) {
    return { ok: false, error };
  }
  try {
    const results: Outcome[] = [];
    // A lone change needs no savepoint: its failure rolls back the whole (one-change) transaction.
    if (batch.length === 1 && batch[0]) {
      const outcome = await runUnit(trx, clock, batch[0], react);
      if (!outcome.ok) {
        await trx.rollback().execute();
        return { ok: true, results: [outcome] };
      }
      results.push(outcome);
    } else {
      for (const unit of batch) {
        const savepoint = await trx.savepoint('change').execute();
        const outcome = await runUnit(savepoint, clock, unit, react);
        // If even the rollback fails the transaction is unusable: the catch below fails the batch.
        if (!outcome.ok) await savepoint.rollbackToSavepoint('change').execute();
        await savepoint.releaseSavepoint('change').execute();
        results.push(outcome);
      }
    }
    await trx.commit().execute();
    return { ok: true, results };
  } catch (error) {
    if (!trx.isCommitted && !trx.isRolledBack) await trx.rollback().execute().catch(() => undefined);
    return { ok: false, error };
  }
}

async function runUnit(trx: Trx, clock: Clock, unit: Unit, react: Reaction | undefined): Promise<Outcome> {
  try {
    const events: NewEvent[] = [];
    const emit: Emit = (...emitted) => events.push(...emitted);
    const result = await unit.work(trx, emit);
    // Most changes concern no reaction: it answers undefined and costs no await.
    const reacting = react?.(trx, events, emit);
    if (reacting) await reacting;
    const stored = await appendEvents(trx, clock, events);
    return { ok: true, result, stored };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * Read-your-writes: a mutation called with `withEventId: true` answers with the id of the newest
 * event it caused (`eventId`, null when it caused none), so a client can wait for that id on its
 * stream. Opt-in, so that answers stay exactly the contract's shapes for everyone else. The
 * service is given deps whose commit queue notes what each of its changes wrote; it needs no
 * other change.
 */
export const eventIdField = { withEventId: z.boolean().optional() };
/** For inputs that cannot take the field directly (refined objects): a second `.input()` (tRPC merges them, at the cost of a second parse). */
export const eventIdOption = z.object(eventIdField);

export async function withEventId<D extends { commits: CommitQueue }, R extends object>(
  deps: D,
  wanted: boolean | undefined,
  call: (deps: D) => Promise<R>,
): Promise<R & { eventId?: string | null }> {
  if (!wanted) return call(deps);
  let newest: number | null = null;
  const commits: CommitQueue = {
    ...deps.commits,
    run: async (work, options) => {
      const { result, lastEventId } = await deps.commits.runTracked(work, options);
      if (lastEventId !== null && (newest === null || lastEventId > newest)) newest = lastEventId;
      return result;
    },
  };
  const result = await call({ ...deps, commits });
  return { ...result, eventId: newest === null ? null : String(newest) };
}
