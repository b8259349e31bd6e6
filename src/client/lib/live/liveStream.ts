import { reconnectDelayMs } from '../../sdk/createShopwireClient.js';
import { streamEndedAction } from './streamEnded.js';

export type LivePhase =
  /** No snapshot cursor yet. */
  | { kind: 'waiting' }
  /** Subscribed, or subscribing, from `from`. */
  | { kind: 'following'; from: string }
  /** The server ended the stream; resubscribing from the last event seen after a pause. */
  | { kind: 'retrying'; error: unknown }
  /** The cursor cannot be served: reloading the snapshot for a fresh one. */
  | { kind: 'reloading'; error: unknown }
  /** Ended for good. */
  | { kind: 'stopped'; error: unknown };

export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface LiveStreamHost {
  /** Throw away live state, read the snapshot again and answer with its cursor. */
  reloadSnapshot(): Promise<string>;
  /** The server refused the token. */
  signOut(error: unknown): void;
}

export interface LiveStreamOptions {
  timers: Timers;
  random?: () => number;
  /** Read when needed, so a host rebuilt on every render is never stale. */
  host: () => LiveStreamHost;
}

/** Backoff steps stop growing here (the SDK caps the delay at 10 s anyway). */
const MAX_STEP = 6;

/**
 * The live-view recipe without React: start from a snapshot's cursor, drop replayed
 * duplicates, resubscribe from the last id seen after the server ends the stream, reload
 * the snapshot when the cursor cannot be served, stop on refusals. Time comes from `timers`.
 */
export function createLiveStream(options: LiveStreamOptions) {
  const random = options.random ?? Math.random;
  let phase: LivePhase = { kind: 'waiting' };
  let lastSeen = 0;
  let retries = 0;
  let reloads = 0;
  let pending: unknown = null;
  // Bumped whenever an outcome in flight (a reload's answer) stops being wanted.
  let generation = 0;
  const listeners = new Set<() => void>();

  function enter(next: LivePhase): void {
    phase = next;
    for (const listener of listeners) listener();
  }

  function later(run: () => void, ms: number): void {
    pending = options.timers.set(() => {
      pending = null;
      run();
    }, ms);
  }

  function follow(cursor: string): void {
    lastSeen = Number(cursor);
    enter({ kind: 'following', from: cursor });
  }

  function reload(error: unknown): void {
    enter({ kind: 'reloading', error });
    const mine = generation;
    // The first reload is at once; one that keeps being needed (or failing) backs off.
    const delay = reloads === 0 ? 0 : reconnectDelayMs(Math.min(reloads, MAX_STEP), random);
    reloads += 1;
    later(() => {
      options
        .host()
        .reloadSnapshot()
        .then(
          (cursor) => mine === generation && follow(cursor),
          (reloadError: unknown) => mine === generation && reload(reloadError),
        );
    }, delay);
  }

  return {
    getPhase: (): LivePhase => phase,

    subscribe: (listener: () => void): (() => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** The snapshot's cursor; only the first one counts, later snapshots do not restart the stream. */
    start(cursor: string): void {
      if (phase.kind === 'waiting') follow(cursor);
    },

    /** Whether an event is new; replays after a resubscription repeat ids already seen. */
    accept(id: string): boolean {
      const eventId = Number(id);
      if (eventId <= lastSeen) return false;
      lastSeen = eventId;
      reloads = 0;
      return true;
    },

    started(): void {
      retries = 0;
    },

    failed(error: unknown): void {
      if (phase.kind !== 'following') return;
      switch (streamEndedAction(error)) {
        case 'sign_out':
          options.host().signOut(error);
          return enter({ kind: 'stopped', error });
        case 'stop':
          return enter({ kind: 'stopped', error });
        case 'reload':
          return reload(error);
        case 'resume': {
          enter({ kind: 'retrying', error });
          const delay = reconnectDelayMs(Math.min(retries, MAX_STEP), random);
          retries += 1;
          return later(() => enter({ kind: 'following', from: String(lastSeen) }), delay);
        }
      }
    },

    /** Unmounted: nothing scheduled may run, nothing in flight may land. */
    dispose(): void {
      if (pending !== null) options.timers.clear(pending);
      pending = null;
      generation += 1;
    },
  };
}

export type LiveStream = ReturnType<typeof createLiveStream>;
