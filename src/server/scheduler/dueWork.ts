import type { Clock } from '../clock.js';
import { setLongTimeout, type LongTimeout } from '../timers.js';

/**
 * Work that falls due at a time (an unpaid order's release, a booking's reminder). The work
 * itself lives in the database, as rows with a due time and a mark once done, never only in a
 * timer: a server that was down when something fell due does it on its next start.
 */
export interface DueTask {
  readonly name: string;
  /** When the earliest undone item falls due (ms since the epoch), or null when nothing is pending. */
  nextDueAt(): Promise<number | null>;
  /**
   * Does every item due at `now`. Each item must be claimed in the same transaction that does it
   * (an update that marks it done only if it was not): a retry after a crash, or another instance
   * running the same task, must never do an item twice.
   */
  runDue(now: number): Promise<void>;
}

export interface DueWork {
  /**
   * Work was added or changed: look again at when the next item falls due. Given the new item's
   * due time, a look already set for then or sooner is enough and nothing else happens (so a hot
   * path may poke on every write for the price of a comparison).
   */
  poke(dueAt?: number): void;
  stop(): Promise<void>;
}

export interface DueWorkOptions {
  tasks: readonly DueTask[];
  clock: Clock;
  onError: (error: unknown, task: string) => void;
  /**
   * The longest sleep between looks even when nothing is due sooner: work added by another
   * instance does not poke this one, and a clock that jumps is noticed within this.
   */
  maxSleepMs?: number;
}

/** One timer for every task: sleeps until the earliest due item, does what is due, sleeps again. */
export function startDueWork({ tasks, clock, onError, maxSleepMs = 60_000 }: DueWorkOptions): DueWork {
  let timer: LongTimeout | null = null;
  /** When the timer is set to look next; null while a look runs. */
  let nextLookAt: number | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const pass = async () => {
    const now = clock.now().getTime();
    let next = now + maxSleepMs;
    for (const task of tasks) {
      try {
        await task.runDue(now);
        const due = await task.nextDueAt();
        if (due !== null) next = Math.min(next, due);
      } catch (error) {
        // One failing task must not starve the others; it is tried again at the next look.
        onError(error, task.name);
      }
    }
    return next;
  };

  const look = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    timer?.clear();
    timer = null;
    nextLookAt = null;
    running = pass().then((next) => {
      running = null;
      if (stopped) return;
      if (again) {
        again = false;
        look();
        return;
      }
      timer = setLongTimeout(look, next - clock.now().getTime());
      nextLookAt = next;
    });
  };

  look();
  return {
    poke(dueAt) {
      if (dueAt !== undefined && nextLookAt !== null && nextLookAt <= dueAt) return;
      look();
    },
    async stop() {
      stopped = true;
      timer?.clear();
      await running;
    },
  };
}
