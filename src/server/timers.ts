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
  let remaining = Number.isNaN(ms) ? 0 : Math.max(0, ms);
  let timer: NodeJS.Timeout;
  const wait = () => {
    if (remaining <= MAX_TIMEOUT_MS) {
      timer = setTimeout(fn, remaining);
      return;
    }
    remaining -= MAX_TIMEOUT_MS;
    timer = setTimeout(wait, MAX_TIMEOUT_MS);
  };
  wait();
  return { clear: () => clearTimeout(timer) };
}
