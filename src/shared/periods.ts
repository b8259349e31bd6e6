import { z } from 'zod';

const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** The longest period figures are asked for; an hour of slack absorbs a DST change inside a year of local days. */
export const MAX_PERIOD_DAYS = 366;
export const MAX_PERIOD_MS = MAX_PERIOD_DAYS * DAY_MS + HOUR_MS;

export const MAX_BUCKETS = 400;

/**
 * Times are instants: the client computes the period's edges in its own time zone (its
 * midnight, its hours) and sends them; the server sums orders placed in [from, to).
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
    if (from.getTime() >= to.getTime()) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `from (${from.toISOString()}) must be before to (${to.toISOString()})` });
      return;
    }
    const span = to.getTime() - from.getTime();
    if (span > MAX_PERIOD_MS) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `A period can be at most ${MAX_PERIOD_DAYS} days long; this one is ${Math.round(span / DAY_MS)} days` });
    }
  });

/** Bucket edges of a chart: increasing, at most MAX_PERIOD_DAYS from first to last; bucket i is [edges[i], edges[i+1]). */
export const bucketEdgesSchema = z
  .array(z.date())
  .min(2, 'Give at least two edges (one bucket)')
  .max(MAX_BUCKETS + 1, `At most ${MAX_BUCKETS} buckets`)
  .superRefine((edges, ctx) => {
    for (const [i, edge] of edges.entries()) {
      const before = edges[i - 1];
      if (before && before.getTime() >= edge.getTime()) {
        ctx.addIssue({ code: 'custom', path: [i], message: 'Bucket edges must increase' });
        return;
      }
    }
    const first = edges[0];
    const last = edges.at(-1);
    if (first && last && last.getTime() - first.getTime() > MAX_PERIOD_MS) {
      ctx.addIssue({ code: 'custom', path: [edges.length - 1], message: `A chart can span at most ${MAX_PERIOD_DAYS} days` });
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

export interface RevenueBucket {
  from: Date;
  to: Date;
  orderCount: number;
  revenueCents: number;
  /** Null for staff. */
  profitCents: number | null;
}

export interface RevenueSeries {
  buckets: RevenueBucket[];
  /** The same for `previousEdges`; null when none were asked for. */
  previousBuckets: RevenueBucket[] | null;
  /** Id of the newest event already counted in these buckets; subscribe from it. */
  cursor: string;
}
