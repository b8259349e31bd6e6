import { describe, expect, it } from 'vitest';

// A zone with DST, set before any date is made (Node reads TZ when it changes); forks keep it to this file.
process.env['TZ'] = 'America/New_York';
const { comparison, customRangeProblem, resolvePeriod } = await import('./periods.js');
const { revenuePoints } = await import('./revenueSeries.js');
const { liveFigures } = await import('./liveState.js');

const local = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min);

describe('periods in the seller’s own time zone', () => {
  const now = local(2026, 3, 10, 12, 55);

  it('makes today, yesterday, 7 and 30 days of local midnights, each with the period of the same length before it', () => {
    const today = resolvePeriod({ key: 'today' }, now);
    expect([today.from, today.to]).toEqual([local(2026, 3, 10), local(2026, 3, 11)]);
    expect(today.from.toISOString()).toBe('2026-03-10T04:00:00.000Z');
    expect([today.label, today.previousLabel, today.bucket]).toEqual(['Today', 'yesterday', 'hour']);

    const yesterday = resolvePeriod({ key: 'yesterday' }, now);
    expect([yesterday.from, yesterday.to, yesterday.label, yesterday.previousLabel]).toEqual([local(2026, 3, 9), local(2026, 3, 10), 'Yesterday', 'the day before']);

    const week = resolvePeriod({ key: '7d' }, now);
    expect([week.from, week.to, week.bucket]).toEqual([local(2026, 3, 4), local(2026, 3, 11), 'day']);
    // The week spans the DST change of March 8: its days are local days, one of them 23 hours long.
    expect(week.to.getTime() - week.from.getTime()).toBe(7 * 86_400_000 - 3_600_000);

    expect(resolvePeriod({ key: '30d' }, now)).toMatchObject({ from: local(2026, 2, 9), to: local(2026, 3, 11), label: 'Last 30 days', previousLabel: 'the 30 days before' });
  });

  it('labels each hour of a DST day (23 of them) with its local time', () => {
    const day = resolvePeriod({ key: 'yesterday' }, local(2026, 3, 9, 9));
    const hours = hourSteps(day.from, day.to);
    expect(hours).toHaveLength(24);
    expect(revenuePoints(day, buckets(hours), []).map((p) => p.label).slice(0, 4)).toEqual(['00:00', '01:00', '03:00', '04:00']);
  });

  it('reads a custom range of whole days, and says in words what is wrong with a bad one', () => {
    expect(resolvePeriod({ key: 'custom', firstDay: '2026-03-01', lastDay: '2026-03-02' }, now)).toMatchObject({
      from: local(2026, 3, 1),
      to: local(2026, 3, 3),
      label: 'Mar 1 – Mar 2',
      previousLabel: 'the 2 days before',
      bucket: 'hour',
    });
    expect(resolvePeriod({ key: 'custom', firstDay: '2026-03-01', lastDay: '2026-03-03' }, now).bucket).toBe('day');
    expect(customRangeProblem('2026-03-05', '2026-03-01')).toBe('The last day comes before the first');
    expect(customRangeProblem('2016-03-05', '2026-03-01')).toBe('A range can be at most 366 days; this one is 3649');
    expect(customRangeProblem('2026-02-30', '2026-03-01')).toBe('Pick the first and the last day');
    expect(customRangeProblem('2025-03-01', '2026-02-28')).toBeNull();
    // One that cannot be shown falls back to today rather than asking the server for nonsense.
    expect(resolvePeriod({ key: 'custom', firstDay: '2026-03-05', lastDay: '2026-03-01' }, now).key).toBe('today');
  });

  it('compares with the period before in words', () => {
    const plain = (n: number) => String(n);
    expect(comparison(112, 100, 'yesterday', plain)).toBe('+12% vs yesterday');
    expect(comparison(95, 100, 'the 7 days before', plain)).toBe('−5% vs the 7 days before');
    expect(comparison(1001, 1000, 'yesterday', plain)).toBe('+<1% vs yesterday');
    expect(comparison(7, 7, 'yesterday', plain)).toBe('same as yesterday');
    expect(comparison(0, 0, 'yesterday', plain)).toBe('same as yesterday');
    expect(comparison(5, 0, 'yesterday', plain)).toBe('up from 0 yesterday');
    expect(comparison(5, 0, 'the 30 days before', plain)).toBe('up from 0 in the 30 days before');
  });
});

describe('chart buckets', () => {
  it('draws an order at 12:50 in the 12:00–13:00 bar, not as a climb before it', () => {
    const today = resolvePeriod({ key: 'today' }, local(2026, 3, 10, 13, 5));
    const placed = local(2026, 3, 10, 12, 50).getTime();
    const live = buckets(hourSteps(today.from, today.to)).map((bucket) => ({
      ...bucket,
      ...liveFigures({ ...bucket, cursor: '10' }, [{ eventId: 11, placedAt: placed, orders: 1, revenueCents: 4200, profitCents: 1000 }], {
        from: bucket.from.getTime(),
        to: bucket.to.getTime(),
      }),
    }));
    const points = revenuePoints(today, live, []);
    expect(points.filter((p) => p.current > 0)).toEqual([expect.objectContaining({ label: '12:00', range: '12:00–13:00', current: 4200 })]);
    expect(points[11]?.current).toBe(0);
  });
});

describe('live figures of a period', () => {
  it('counts a change only in the period its order was placed in', () => {
    const snapshot = { orderCount: 1, revenueCents: 100, profitCents: 50, cursor: '5' };
    const deltas = [
      { eventId: 6, placedAt: local(2026, 3, 10, 9).getTime(), orders: 1, revenueCents: 300, profitCents: 100 },
      // Yesterday's order cancelled today.
      { eventId: 7, placedAt: local(2026, 3, 9, 9).getTime(), orders: -1, revenueCents: -100, profitCents: -50 },
    ];
    const span = (p: { from: Date; to: Date }) => ({ from: p.from.getTime(), to: p.to.getTime() });
    const now = local(2026, 3, 10, 12);
    expect(liveFigures(snapshot, deltas, span(resolvePeriod({ key: 'today' }, now)))).toEqual({ orderCount: 2, revenueCents: 400, profitCents: 150 });
    expect(liveFigures(snapshot, deltas, span(resolvePeriod({ key: 'yesterday' }, now)))).toEqual({ orderCount: 0, revenueCents: 0, profitCents: 0 });
    expect(liveFigures(snapshot, deltas)).toEqual({ orderCount: 1, revenueCents: 300, profitCents: 100 });
  });
});

function buckets(edges: readonly Date[]) {
  return edges.slice(0, -1).map((from, i) => ({ from, to: edges[i + 1] ?? from, orderCount: 0, revenueCents: 0, profitCents: 0 }));
}

/** Edges as the server makes hour buckets: one-hour steps from `from`. */
function hourSteps(from: Date, to: Date): Date[] {
  const edges: Date[] = [];
  for (let at = from.getTime(); at < to.getTime(); at += 3_600_000) edges.push(new Date(at));
  return [...edges, to];
}
