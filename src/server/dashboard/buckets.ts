import { HOUR_MS, type BucketSize } from '../../shared/periods.js';

/**
 * The edges of a chart's buckets over [from, to): bucket i is [edges[i], edges[i+1]). Hours are
 * one-hour steps from `from`; days are cut at each midnight of `timeZone`, so a DST day is one
 * bucket of 23 or 25 hours, and the first and last buckets are partial when `from` or `to` is
 * not a midnight.
 */
export function bucketEdges(from: Date, to: Date, bucket: BucketSize, timeZone: string): Date[] {
  const edges = [from];
  const end = to.getTime();
  let at = from.getTime();
  for (;;) {
    at = bucket === 'hour' ? at + HOUR_MS : nextMidnight(at, timeZone);
    if (at >= end) break;
    edges.push(new Date(at));
  }
  edges.push(to);
  return edges;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock time in `timeZone` at `at`, read as if it were UTC: its difference from `at` is the zone's offset then. */
function wallClock(at: number, timeZone: string): { year: number; month: number; day: number; asUtc: number } {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(at)).map((p) => [p.type, Number(p.value)]));
  const [year, month, day] = [parts['year'] ?? 1970, parts['month'] ?? 1, parts['day'] ?? 1];
  return { year, month, day, asUtc: Date.UTC(year, month - 1, day, parts['hour'] ?? 0, parts['minute'] ?? 0, parts['second'] ?? 0) };
}

/** The first midnight in `timeZone` after `at` (where a zone skips midnight for DST, the hour after it). */
function nextMidnight(at: number, timeZone: string): number {
  const today = wallClock(at, timeZone);
  const midnightAsUtc = Date.UTC(today.year, today.month - 1, today.day + 1);
  // The offset can differ between now and that midnight (a DST change today): ask again at the first guess.
  const offsetNow = today.asUtc - Math.floor(at / 1000) * 1000;
  const guess = midnightAsUtc - offsetNow;
  const offsetThen = wallClock(guess, timeZone).asUtc - guess;
  const midnight = midnightAsUtc - offsetThen;
  return midnight > at ? midnight : midnight + HOUR_MS;
}
