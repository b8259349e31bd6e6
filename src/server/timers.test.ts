import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { MAX_TIMEOUT_MS, setLongTimeout } from './timers.js';

const DAY = 24 * 3600 * 1000;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

it.each([
  ['a short delay', 1_000],
  ['the longest plain setTimeout', MAX_TIMEOUT_MS],
  ['one ms past it', MAX_TIMEOUT_MS + 1],
  ['30 days', 30 * DAY],
  ['a year, many steps', 365 * DAY],
])('fires once, exactly when %s has passed', (_name, ms) => {
  const fn = vi.fn();
  setLongTimeout(fn, ms);
  vi.advanceTimersByTime(ms - 1);
  expect(fn).not.toHaveBeenCalled();
  vi.advanceTimersByTime(1);
  expect(fn).toHaveBeenCalledTimes(1);
  vi.advanceTimersByTime(10 * 365 * DAY);
  expect(fn).toHaveBeenCalledTimes(1);
});

it('never fires once cleared, whether in its first step or a later one', () => {
  const early = vi.fn();
  setLongTimeout(early, 60 * DAY).clear();
  const late = vi.fn();
  const timeout = setLongTimeout(late, 60 * DAY);
  vi.advanceTimersByTime(MAX_TIMEOUT_MS + 1);
  timeout.clear();
  vi.advanceTimersByTime(365 * DAY);
  expect(early).not.toHaveBeenCalled();
  expect(late).not.toHaveBeenCalled();
  expect(vi.getTimerCount()).toBe(0);
});

it('fires at the next turn for 0, negative and NaN delays, and never for Infinity', () => {
  const now = [vi.fn(), vi.fn(), vi.fn()];
  setLongTimeout(now[0] as () => void, 0);
  setLongTimeout(now[1] as () => void, -5);
  setLongTimeout(now[2] as () => void, NaN);
  const never = vi.fn();
  const forever = setLongTimeout(never, Infinity);
  vi.advanceTimersByTime(1);
  for (const fn of now) expect(fn).toHaveBeenCalledTimes(1);
  vi.advanceTimersByTime(100 * 365 * DAY);
  expect(never).not.toHaveBeenCalled();
  forever.clear();
});
