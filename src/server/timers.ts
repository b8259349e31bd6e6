/** Node's setTimeout holds at most 2^31-1 ms (24.8 days); a longer delay fires at once. */
const MAX_DELAY = 2 ** 31 - 1;

/** setTimeout for any delay: waits in steps no longer than Node allows. */
export function setLongTimeout(fn: () => void, ms: number): { clear(): void } {
  let timer: NodeJS.Timeout;
  const due = Date.now() + ms;
  const arm = () => {
    const left = due - Date.now();
    timer = left > MAX_DELAY ? setTimeout(arm, MAX_DELAY) : setTimeout(fn, Math.max(0, left));
    // A pending expiry must not keep a stopping process alive.
    timer.unref();
  };
  arm();
  return { clear: () => clearTimeout(timer) };
}
