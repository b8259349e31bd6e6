/**
 * Calls one connection may make (CALLS_PER_SECOND, CALL_BURST): a token bucket, refilled
 * continuously. Hand-written rather than rate-limiter-flexible's, whose limiters count per fixed
 * window and keep a map of keys: a connection lives on one instance and owns its bucket outright.
 */
export interface CallBudget {
  /** 0 when the call may go ahead (and is counted), else the seconds until it could. */
  take(): number;
  /** Refusals since the last call that went through: a client that keeps going gets disconnected. */
  readonly refusedInARow: number;
}

export function createCallBudget(perSecond: number, burst: number, nowMs: () => number): CallBudget {
  if (perSecond <= 0) return { take: () => 0, refusedInARow: 0 };
  let tokens = burst;
  let at = nowMs();
  let refused = 0;
  return {
    take() {
      const now = nowMs();
      tokens = Math.min(burst, tokens + ((now - at) / 1000) * perSecond);
      at = now;
      if (tokens >= 1) {
        tokens -= 1;
        refused = 0;
        return 0;
      }
      refused++;
      return (1 - tokens) / perSecond;
    },
    get refusedInARow() {
      return refused;
    },
  };
}
