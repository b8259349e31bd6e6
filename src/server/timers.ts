/** The longest delay `setTimeout` honours; Node fires a longer one at once (with a warning). */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export interface LongTimeout {
  clear(): void;
}

/**
 * `setTimeout` for any delay. A token that lives longer than 24.8 days would otherwise end its
 * streams the moment they open: the delay is waited out in steps no longer than MAX_TIMEOUT_MS.
 */
export function setLongTimeout(fn: () => void, ms: number): LongTimeout {
  // As setTimeout does, NaN and negative delays mean now; Infinity chains on and never fires.
  return new SteppedTimeout(fn, Number.isNaN(ms) ? 0 : Math.max(0, ms));
}

/** An object, not a pair of closures: every live connection holds one (its sign-in's expiry). */
class SteppedTimeout implements LongTimeout {
  private timer: NodeJS.Timeout;

  constructor(
    private readonly fn: () => void,
    private remaining: number,
  ) {
    this.timer = this.arm();
  }

  clear(): void {
    clearTimeout(this.timer);
  }

  private arm(): NodeJS.Timeout {
    if (this.remaining <= MAX_TIMEOUT_MS) return setTimeout(this.fn, this.remaining);
    this.remaining -= MAX_TIMEOUT_MS;
    return setTimeout(() => (this.timer = this.arm()), MAX_TIMEOUT_MS);
  }
}
