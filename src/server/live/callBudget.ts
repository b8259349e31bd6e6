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
  return perSecond <= 0 ? unlimited : new TokenBucket(perSecond, burst, nowMs);
}

const unlimited: CallBudget = { take: () => 0, refusedInARow: 0 };

/** An object rather than closures: every connection holds one. */
class TokenBucket implements CallBudget {
  private tokens: number;
  private at: number;
  refusedInARow = 0;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly nowMs: () => number,
  ) {
    this.tokens = burst;
    this.at = nowMs();
  }

  take(): number {
    const now = this.nowMs();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 1000) * this.perSecond);
    this.at = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      this.refusedInARow = 0;
      return 0;
    }
    this.refusedInARow++;
    return (1 - this.tokens) / this.perSecond;
  }
}
