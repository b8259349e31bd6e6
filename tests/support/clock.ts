import type { Clock } from '../../src/server/clock.js';

export interface ManualClock extends Clock {
  set(at: Date | number): void;
  advance(ms: number): void;
}

/** A clock that moves only when told: the server's idea of now, for work that falls due at a time. */
export function manualClock(start: Date | number = Date.now()): ManualClock {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    set: (at) => {
      now = new Date(at).getTime();
    },
    advance: (ms) => {
      now += ms;
    },
  };
}
