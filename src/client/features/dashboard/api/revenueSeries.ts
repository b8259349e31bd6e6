import type { Period } from './periods.js';

export interface ChartBucket {
  from: Date;
  to: Date;
  revenueCents: number;
}

export interface RevenuePoint {
  /** The bucket's start, as its bar is labelled: "12:00" holds 12:00 to 13:00; "Mar 3" that whole day. */
  label: string;
  /** "12:00–13:00", "Tue, Mar 3". */
  range: string;
  from: Date;
  current: number;
  /** The same bucket of the period before; null where that period has no such bucket. */
  previous: number | null;
}

const hour = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const day = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const weekday = new Intl.DateTimeFormat(undefined, { weekday: 'short', month: 'short', day: 'numeric' });

/**
 * One bar per bucket, at the bucket the money came in: an order at 12:50 is in the bar labelled
 * 12:00 (12:00–13:00). Revenue per bucket, not running totals, so no line climbs before an order.
 */
export function revenuePoints(period: Pick<Period, 'bucket'>, buckets: readonly ChartBucket[], previous: readonly ChartBucket[]): RevenuePoint[] {
  return buckets.map((bucket, i) => ({
    label: period.bucket === 'hour' ? hour.format(bucket.from) : day.format(bucket.from),
    range: period.bucket === 'hour' ? `${hour.format(bucket.from)}–${hour.format(bucket.to)}` : weekday.format(bucket.from),
    from: bucket.from,
    current: bucket.revenueCents,
    previous: previous[i]?.revenueCents ?? null,
  }));
}
