import type { Clock } from '../../src/server/clock.js';

/** Real time plus an offset the test moves forward: "31 minutes later" without waiting (timers and rate limits still see time pass). */
export function shiftedClock(offsetMs = 0): Clock & { advance(ms: number): void; offset(): number } {
  let offset = offsetMs;
  return {
    now: () => new Date(Date.now() + offset),
    advance: (ms) => void (offset += ms),
    offset: () => offset,
  };
}
