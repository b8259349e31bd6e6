import { DAY_MS, HOUR_MS, MAX_PERIOD_DAYS, type BucketSize } from '../../../../shared/periods.js';

export type PeriodKey = 'today' | 'yesterday' | '7d' | '30d' | 'custom';

/** What the seller picked: a preset, or a range of whole local days (`yyyy-mm-dd`, both included). */
export interface PeriodChoice {
  key: PeriodKey;
  firstDay?: string | undefined;
  lastDay?: string | undefined;
}

/**
 * A period made concrete in the browser's time zone: its instants go to the server as they are
 * (`dashboard.stats` and `dashboard.series` `{ from, to }`, with the zone for day buckets), so
 * "today" is the seller's today. The period before it is the same length of time just before
 * `from`, as the server counts it.
 */
export interface Period {
  key: PeriodKey;
  from: Date;
  to: Date;
  /** "Today", "Last 7 days", "Mar 3 – Mar 9". */
  label: string;
  /** How the figures name the period before: "yesterday", "the 7 days before". */
  previousLabel: string;
  /** The chart's buckets: by the hour up to two days, by the day beyond. */
  bucket: BucketSize;
}

/** The zone the browser's midnights are in ("Europe/Berlin"), for the server to cut day buckets at. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function startOfDay(at: Date): Date {
  return new Date(at.getFullYear(), at.getMonth(), at.getDate());
}

/** Calendar days, not 24-hour steps: a DST day is 23 or 25 hours long. */
export function addDays(day: Date, days: number): Date {
  return new Date(day.getFullYear(), day.getMonth(), day.getDate() + days);
}

export function dayKey(day: Date): string {
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
}

/** A `yyyy-mm-dd` as that local day's start; undefined when it is not one. */
export function parseDay(text: string | undefined): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text ?? '');
  if (!match) return undefined;
  const day = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return dayKey(day) === text ? day : undefined;
}

const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const dayWithYear = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', year: 'numeric' });

/** Why a custom range cannot be shown, in words; null when it can. */
export function customRangeProblem(firstDay: string | undefined, lastDay: string | undefined): string | null {
  const first = parseDay(firstDay);
  const last = parseDay(lastDay);
  if (!first || !last) return 'Pick the first and the last day';
  if (last.getTime() < first.getTime()) return 'The last day comes before the first';
  const days = Math.round((addDays(last, 1).getTime() - first.getTime()) / DAY_MS);
  if (days > MAX_PERIOD_DAYS) return `A range can be at most ${MAX_PERIOD_DAYS} days; this one is ${days}`;
  return null;
}

/** The period as of `now`; a custom range that cannot be shown falls back to today (the switcher says why). */
export function resolvePeriod(choice: PeriodChoice, now: Date): Period {
  const today = startOfDay(now);
  switch (choice.key) {
    case 'yesterday':
      return make('yesterday', addDays(today, -1), today, 'Yesterday', 'the day before');
    case '7d':
      return make('7d', addDays(today, -6), addDays(today, 1), 'Last 7 days', 'the 7 days before');
    case '30d':
      return make('30d', addDays(today, -29), addDays(today, 1), 'Last 30 days', 'the 30 days before');
    case 'custom': {
      const first = parseDay(choice.firstDay);
      const last = parseDay(choice.lastDay);
      if (!first || !last || customRangeProblem(choice.firstDay, choice.lastDay)) break;
      const to = addDays(last, 1);
      const days = Math.round((to.getTime() - first.getTime()) / DAY_MS);
      const format = first.getFullYear() === today.getFullYear() && last.getFullYear() === today.getFullYear() ? dayFormat : dayWithYear;
      const label = days === 1 ? format.format(first) : `${format.format(first)} – ${format.format(last)}`;
      return make('custom', first, to, label, days === 1 ? 'the day before' : `the ${days} days before`);
    }
    case 'today':
      break;
  }
  return make('today', today, addDays(today, 1), 'Today', 'yesterday');
}

function make(key: PeriodKey, from: Date, to: Date, label: string, previousLabel: string): Period {
  // Up to two days (a DST hour more) by the hour, longer by the day.
  const bucket = to.getTime() - from.getTime() <= 2 * DAY_MS + HOUR_MS ? 'hour' : 'day';
  return { key, from, to, label, previousLabel, bucket };
}

/** Whether figures of this period can still grow: new orders are placed now. */
export function includesNow(period: Pick<Period, 'from' | 'to'>, now: Date): boolean {
  return period.from.getTime() <= now.getTime() && now.getTime() < period.to.getTime();
}

/** "+12% vs yesterday", "−5% vs the 7 days before", "same as yesterday", "up from 0 yesterday". */
export function comparison(current: number, previous: number, previousLabel: string, format: (value: number) => string): string {
  if (previous === 0) {
    if (current === 0) return `same as ${previousLabel}`;
    return `${current > 0 ? 'up' : 'down'} from ${format(0)} ${previousLabel.startsWith('the ') ? `in ${previousLabel}` : previousLabel}`;
  }
  if (current === previous) return `same as ${previousLabel}`;
  const change = Math.round(((current - previous) / previous) * 100);
  const size = change === 0 ? '<1' : String(Math.abs(change));
  return `${current > previous ? '+' : '−'}${size}% vs ${previousLabel}`;
}
