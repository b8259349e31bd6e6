import { z } from 'zod';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** The longest period figures are asked for; an hour of slack absorbs a DST change inside a year of local days. */
export const MAX_PERIOD_DAYS = 366;
export const MAX_PERIOD_MS = MAX_PERIOD_DAYS * DAY_MS + HOUR_MS;

/** Buckets in one chart at most: a year of days fits (and SQLite compounds at most 500 SELECTs in one statement). */
export const MAX_BUCKETS = 400;

/** Why [from, to) is no period the dashboard answers for; null when it is one. */
function periodProblem(from: Date, to: Date): string | null {
  if (from.getTime() >= to.getTime()) return `from (${from.toISOString()}) must be before to (${to.toISOString()})`;
  const span = to.getTime() - from.getTime();
  if (span > MAX_PERIOD_MS) return `A period can be at most ${MAX_PERIOD_DAYS} days long; this one is ${Math.round(span / DAY_MS)} days`;
  return null;
}

/**
 * Times are instants: the client computes the period in its own time zone (its midnights) and
 * sends them; the server sums the orders placed in [from, to).
 */
export const periodInputSchema = z
  .object({ from: z.date().optional(), to: z.date().optional() })
  .superRefine((period, ctx) => {
    const { from, to } = period;
    if (from === undefined && to === undefined) return;
    if (from === undefined || to === undefined) {
      ctx.addIssue({ code: 'custom', path: [from === undefined ? 'from' : 'to'], message: 'Give both from and to for a period, or neither for all time' });
      return;
    }
    const problem = periodProblem(from, to);
    if (problem) ctx.addIssue({ code: 'custom', path: ['to'], message: problem });
  });

/** An IANA time zone name this runtime knows ("Europe/Berlin", "Asia/Kolkata", "UTC"). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const bucketSizeSchema = z.enum(['hour', 'day']);
export type BucketSize = z.infer<typeof bucketSizeSchema>;

/**
 * A chart of [from, to): hour buckets are one-hour steps from `from`; day buckets are cut at each
 * midnight of `timeZone` (the seller's: a DST day is one bucket of 23 or 25 hours).
 */
export const seriesInputSchema = z
  .object({
    from: z.date(),
    to: z.date(),
    bucket: bucketSizeSchema,
    timeZone: z.string().max(64).refine(isTimeZone, { message: 'Unknown time zone: give an IANA name such as Europe/Berlin' }).default('UTC'),
  })
  .superRefine(({ from, to, bucket }, ctx) => {
    const problem = periodProblem(from, to);
    if (problem) ctx.addIssue({ code: 'custom', path: ['to'], message: problem });
    else if (bucket === 'hour' && to.getTime() - from.getTime() > MAX_BUCKETS * HOUR_MS) {
      ctx.addIssue({ code: 'custom', path: ['bucket'], message: `Hour buckets cover at most ${MAX_BUCKETS} hours; ask for day buckets` });
    }
  });

/** Orders placed in a period and not cancelled: their count, the sum of their totals and of their profits. */
export interface PeriodFigures {
  from: Date;
  to: Date;
  orderCount: number;
  revenueCents: number;
  /** Null for staff. */
  profitCents: number | null;
}

export type RevenueBucket = PeriodFigures;

export interface RevenueSeries {
  buckets: RevenueBucket[];
  /** The same buckets shifted back by the period's length: the period before, as `dashboard.stats` counts it. */
  previousBuckets: RevenueBucket[];
  /** Id of the newest event already counted in these buckets; subscribe from it. */
  cursor: string;
}
