import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialLiveState, liveFigures, liveReducer } from '../../src/client/features/dashboard/api/liveState.js';
import type { DashboardEvent } from '../../src/shared/events.js';
import { connect, errorCode, zodIssues, type TestClient } from '../support/clients.js';
import { startTestServer, testClock, type TestServer } from '../support/server.js';
import { collect } from '../support/subscriptions.js';
import { setupTeam, type TeamFixture } from '../support/team.js';

const clock = testClock();
let server: TestServer;
let shop: TeamFixture;
let anon: TestClient;

const at = (iso: string) => new Date(iso);
const TODAY = { from: at('2026-03-10T00:00:00Z'), to: at('2026-03-11T00:00:00Z') };
const YESTERDAY = { from: at('2026-03-09T00:00:00Z'), to: at('2026-03-10T00:00:00Z') };

/**
 * Places and pays an order as the shop's buyer with the server's clock at `when`. Paid, because an
 * unpaid order placed days before the clock's "now" is released (cancelled) by the unpaid-order
 * timer as soon as it looks, and when it looks is a race with the next placeAt.
 */
async function placeAt(when: string, quantity: number, productIndex = 0) {
  clock.set(at(when));
  try {
    const order = await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: shop.products[productIndex]?.id ?? '', quantity }] });
    await shop.buyer.api.order.pay.mutate({ orderId: order.id, paymentMethod: 'pm_card_visa', idempotencyKey: `pay-${order.id}` });
    return order;
  } finally {
    clock.set(at('2026-03-10T12:55:00Z'));
  }
}

/** The same figures straight from the rows, as a second opinion on the server's SQL. */
async function rowsSum(from: Date, to: Date): Promise<{ orderCount: number; revenueCents: number; profitCents: number }> {
  // COUNT and SUM are bigint on PostgreSQL, which pg hands over as strings: Number() for both engines.
  const { rows } = await sql<{ n: number | string; revenue: number | string; profit: number | string }>`
    SELECT COUNT(*) AS n, COALESCE(SUM(total_cents), 0) AS revenue, COALESCE(SUM(profit_cents), 0) AS profit
    FROM orders WHERE shop_id = ${shop.shopId} AND status != 'cancelled' AND created_at >= ${from.getTime()} AND created_at < ${to.getTime()}`.execute(server.app.deps.db);
  const row = rows[0] ?? { n: 0, revenue: 0, profit: 0 };
  return { orderCount: Number(row.n), revenueCents: Number(row.revenue), profitCents: Number(row.profit) };
}

beforeAll(async () => {
  // The call budget refills by this clock, which stands still here: no budget.
  server = await startTestServer({ CALLS_PER_SECOND: '0' }, { clock });
  clock.set(at('2026-03-10T12:55:00Z'));
  shop = await setupTeam(server.url, [
    { name: 'Beans', priceCents: 1000, costCents: 600, stock: 1000 },
    { name: 'Mug', priceCents: 250, costCents: 100, stock: 1000 },
  ]);
  anon = connect(server.url);
  // Eight days ago (the week before the last seven), yesterday at both ends, today from its first instant.
  await placeAt('2026-03-02T08:00:00Z', 4);
  await placeAt('2026-03-09T10:00:00Z', 1);
  await placeAt('2026-03-09T23:59:59.999Z', 2, 1);
  await placeAt('2026-03-10T00:00:00Z', 3);
  await placeAt('2026-03-10T12:50:00Z', 1, 1);
  const cancelled = await placeAt('2026-03-10T11:00:00Z', 5);
  await shop.seller.api.order.updateStatus.mutate({ orderId: cancelled.id, status: 'cancelled' });
});
afterAll(async () => {
  await anon.close();
  await shop[Symbol.asyncDispose]();
  await server[Symbol.asyncDispose]();
});

describe('dashboard.stats for a period', () => {
  it('counts the orders placed in [from, to), not cancelled, with the period of the same length before it beside them', async () => {
    const today = await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId, ...TODAY });
    expect(today).toMatchObject({ period: TODAY, orderCount: 2, revenueCents: 3000 + 250, profitCents: 1200 + 150 });
    expect(today.previous).toEqual({ ...YESTERDAY, orderCount: 2, revenueCents: 1000 + 500, profitCents: 400 + 300 });
    expect(today).toMatchObject(await rowsSum(TODAY.from, TODAY.to));
    expect(today.previous).toMatchObject(await rowsSum(YESTERDAY.from, YESTERDAY.to));

    const week = { from: at('2026-03-04T00:00:00Z'), to: TODAY.to };
    const lastWeek = await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId, ...week });
    expect(lastWeek).toMatchObject({ orderCount: 4, revenueCents: 4750, profitCents: 2050 });
    expect(lastWeek.previous).toEqual({ from: at('2026-02-25T00:00:00Z'), to: week.from, orderCount: 1, revenueCents: 4000, profitCents: 1600 });
    expect(lastWeek).toMatchObject(await rowsSum(week.from, week.to));
  });

  it('keeps all time without from and to, as before, and labels it so: no period, no previous', async () => {
    const all = await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId });
    expect(all).toMatchObject({ period: null, previous: null, orderCount: 5, revenueCents: 4000 + 1000 + 500 + 3000 + 250 });
  });

  it('gives staff the counts and revenue but no profit, for the period and the one before; managers see it', async () => {
    const staff = await shop.staff.client.api.dashboard.stats.query({ shopId: shop.shopId, ...TODAY });
    expect(staff).toMatchObject({ orderCount: 2, revenueCents: 3250, profitCents: null });
    expect(staff.previous).toMatchObject({ orderCount: 2, revenueCents: 1500, profitCents: null });
    const manager = await shop.manager.client.api.dashboard.stats.query({ shopId: shop.shopId, ...TODAY });
    expect(manager.previous?.profitCents).toBe(700);
  });

  it('refuses a backwards, empty, half-given or too long period with a clear BAD_REQUEST, and answers nothing else', async () => {
    const api = shop.seller.api;
    const before = await api.dashboard.stats.query({ shopId: shop.shopId, ...TODAY });
    const issues = (input: { from?: Date; to?: Date }) => zodIssues(api.dashboard.stats.query({ shopId: shop.shopId, ...input }));
    expect(await issues({ from: TODAY.to, to: TODAY.from })).toEqual([
      expect.objectContaining({ path: ['to'], message: 'from (2026-03-11T00:00:00.000Z) must be before to (2026-03-10T00:00:00.000Z)' }),
    ]);
    expect(await issues({ from: TODAY.from, to: TODAY.from })).toMatchObject([{ path: ['to'], message: expect.stringMatching(/must be before to/) as string }]);
    expect(await issues({ from: at('2016-03-10T00:00:00Z'), to: TODAY.to })).toMatchObject([
      { path: ['to'], message: 'A period can be at most 366 days long; this one is 3653 days' },
    ]);
    expect(await issues({ from: TODAY.from })).toMatchObject([{ path: ['to'], message: 'Give both from and to for a period, or neither for all time' }]);
    expect(await issues({ to: TODAY.to })).toMatchObject([{ path: ['from'] }]);
    expect(await errorCode(api.dashboard.stats.query({ shopId: shop.shopId, from: new Date(Number.NaN), to: TODAY.to }))).toBe('BAD_REQUEST');
    // A full year of local days is fine.
    expect(await api.dashboard.stats.query({ shopId: shop.shopId, from: at('2025-03-10T00:00:00Z'), to: at('2026-03-11T00:00:00Z') })).toMatchObject({ orderCount: 5 });
    expect(await api.dashboard.stats.query({ shopId: shop.shopId, ...TODAY })).toEqual(before);
  });

  it('refuses whoever may not see the shop, as without a period', async () => {
    expect(await errorCode(anon.api.dashboard.stats.query({ shopId: shop.shopId, ...TODAY }))).toBe('UNAUTHORIZED');
    expect(await errorCode(shop.buyer.api.dashboard.stats.query({ shopId: shop.shopId, ...TODAY }))).toBe('FORBIDDEN');
    expect(await errorCode(shop.outsider.client.api.dashboard.stats.query({ shopId: shop.shopId, ...TODAY }))).toBe('FORBIDDEN');
    expect(await errorCode(shop.seller.api.dashboard.stats.query({ shopId: 'nope', ...TODAY }))).toBe('NOT_FOUND');
  });

  it('stays current from its cursor: the snapshot plus the events after it, counted where their orders were placed, is the next snapshot', async () => {
    const api = shop.seller.api;
    const today = await api.dashboard.stats.query({ shopId: shop.shopId, ...TODAY });
    const yesterday = await api.dashboard.stats.query({ shopId: shop.shopId, ...YESTERDAY });
    const stream = collect<DashboardEvent>((handlers) => api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId, lastEventId: today.cursor }, handlers));
    try {
      await stream.started;
      const placed = await placeAt('2026-03-10T12:55:00Z', 2);
      // Yesterday's order is cancelled today: yesterday's figures move, today's do not.
      const old = await api.order.list.query({ shopId: shop.shopId, limit: 50 });
      const yesterdays = old.items.find((o) => o.createdAt.getTime() === at('2026-03-09T10:00:00Z').getTime());
      await api.order.updateStatus.mutate({ orderId: yesterdays?.id ?? '', status: 'cancelled' });
      await waitForEvents(stream, (events) => events.some((e) => e.type === 'order_status_changed' && e.status === 'cancelled'));

      let state = liveReducer(initialLiveState(), { type: 'ordersLoaded', orders: old.items });
      for (const { id, data } of stream.events) state = liveReducer(state, { type: 'event', id: Number(id), event: data, receivedAt: new Date() });
      const span = (p: { from: Date; to: Date }) => ({ from: p.from.getTime(), to: p.to.getTime() });
      const liveToday = liveFigures(today, state.deltas, span(TODAY));
      const liveYesterday = liveFigures(yesterday, state.deltas, span(YESTERDAY));
      expect(liveToday).toEqual({ orderCount: today.orderCount + 1, revenueCents: today.revenueCents + placed.totalCents, profitCents: (today.profitCents ?? 0) + 800 });
      expect(liveToday).toEqual(pick(await api.dashboard.stats.query({ shopId: shop.shopId, ...TODAY })));
      expect(liveYesterday).toEqual({ orderCount: 1, revenueCents: 500, profitCents: 300 });
      expect(liveYesterday).toEqual(pick(await api.dashboard.stats.query({ shopId: shop.shopId, ...YESTERDAY })));
    } finally {
      stream.unsubscribe();
    }
  });
});

describe('dashboard.series', () => {
  it('puts each order in the bucket of the time it was placed: 12:50 is in 12:00–13:00, in the caller’s own hours', async () => {
    const utc = await shop.seller.api.dashboard.series.query({ shopId: shop.shopId, ...TODAY, bucket: 'hour' });
    expect(utc.buckets).toHaveLength(24);
    expect(utc.buckets[12]).toMatchObject({ from: at('2026-03-10T12:00:00Z'), to: at('2026-03-10T13:00:00Z') });
    expect(utc.previousBuckets[0]).toMatchObject({ from: YESTERDAY.from, to: at('2026-03-09T01:00:00Z') });
    const today = await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId, ...TODAY });
    expect(sum(utc.buckets)).toEqual(pick(today));
    expect(sum(utc.previousBuckets)).toEqual(pick(today.previous ?? today));
    for (const bucket of [...utc.buckets, ...utc.previousBuckets]) expect(bucket).toMatchObject(await rowsSum(bucket.from, bucket.to));
    expect(utc.buckets[0]).toMatchObject({ orderCount: 1, revenueCents: 3000 });
    // 11:00 held only the cancelled order; 12:50 is in the 12:00 bucket, not the 11:00 one.
    expect(utc.buckets[11]).toMatchObject({ orderCount: 0, revenueCents: 0 });
    expect(utc.buckets[12]?.orderCount).toBeGreaterThanOrEqual(1);
    expect(utc.buckets[13]).toMatchObject({ orderCount: 0, revenueCents: 0 });

    // India is 5:30 ahead: its hours start at :30 UTC, and 12:50 UTC falls in its 18:00–19:00 (12:30–13:30 UTC).
    const kolkataDay = { from: at('2026-03-09T18:30:00Z'), to: at('2026-03-10T18:30:00Z') };
    const kolkata = await shop.seller.api.dashboard.series.query({ shopId: shop.shopId, ...kolkataDay, bucket: 'hour', timeZone: 'Asia/Kolkata' });
    expect(kolkata.buckets[18]).toMatchObject({ from: at('2026-03-10T12:30:00Z'), to: at('2026-03-10T13:30:00Z'), ...(await rowsSum(at('2026-03-10T12:30:00Z'), at('2026-03-10T13:30:00Z'))) });
    expect(sum(kolkata.buckets)).toEqual(await rowsSum(kolkataDay.from, kolkataDay.to));

    // To the millisecond: yesterday's last instant alone.
    const instant = { from: at('2026-03-09T23:59:59.999Z'), to: TODAY.from };
    const last = await shop.seller.api.dashboard.series.query({ shopId: shop.shopId, ...instant, bucket: 'hour' });
    expect(last.buckets).toEqual([{ ...instant, orderCount: 1, revenueCents: 500, profitCents: 300 }]);
    expect(await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId, ...instant })).toMatchObject({ orderCount: 1, revenueCents: 500 });
  });

  it('cuts days at the caller’s midnights (New York’s, across its DST change), adds up to the period’s figures, and gives staff no profit', async () => {
    const week = { from: at('2026-03-04T05:00:00Z'), to: at('2026-03-11T04:00:00Z') };
    const series = await shop.seller.api.dashboard.series.query({ shopId: shop.shopId, ...week, bucket: 'day', timeZone: 'America/New_York' });
    expect(series.buckets.map((b) => b.from.toISOString().slice(5, 16))).toEqual(['03-04T05:00', '03-05T05:00', '03-06T05:00', '03-07T05:00', '03-08T05:00', '03-09T04:00', '03-10T04:00']);
    for (const bucket of [...series.buckets, ...series.previousBuckets]) expect(bucket).toMatchObject(await rowsSum(bucket.from, bucket.to));
    const stats = await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId, ...week });
    expect(sum(series.buckets)).toEqual(pick(stats));
    expect(sum(series.previousBuckets)).toEqual(pick(stats.previous ?? stats));
    const staff = await shop.staff.client.api.dashboard.series.query({ shopId: shop.shopId, ...week, bucket: 'day', timeZone: 'America/New_York' });
    expect([...staff.buckets, ...staff.previousBuckets].every((b) => b.profitCents === null)).toBe(true);
    expect(staff.buckets.map((b) => b.revenueCents)).toEqual(series.buckets.map((b) => b.revenueCents));
  });

  it('refuses a backwards or too long period, too many hours, an unknown zone or bucket, with clear messages', async () => {
    const api = shop.seller.api;
    const issues = (input: Record<string, unknown>) => zodIssues(api.dashboard.series.query({ shopId: shop.shopId, ...TODAY, bucket: 'hour', ...input } as never));
    expect(await issues({ from: TODAY.to, to: TODAY.from })).toMatchObject([{ path: ['to'], message: expect.stringMatching(/must be before to/) as string }]);
    expect(await issues({ from: at('2016-03-10T00:00:00Z'), bucket: 'day' })).toMatchObject([{ path: ['to'], message: 'A period can be at most 366 days long; this one is 3653 days' }]);
    expect(await issues({ from: at('2026-02-01T00:00:00Z') })).toMatchObject([{ path: ['bucket'], message: 'Hour buckets cover at most 400 hours; ask for day buckets' }]);
    expect(await issues({ timeZone: 'Mars/Olympus_Mons' })).toMatchObject([{ path: ['timeZone'], message: 'Unknown time zone: give an IANA name such as Europe/Berlin' }]);
    expect(await issues({ bucket: 'week' })).toMatchObject([{ path: ['bucket'] }]);
    expect(await issues({ from: undefined })).toMatchObject([{ path: ['from'] }]);
    // A full year of days is fine.
    expect((await api.dashboard.series.query({ shopId: shop.shopId, from: at('2025-03-10T00:00:00Z'), to: TODAY.to, bucket: 'day' })).buckets).toHaveLength(366);
    expect(await errorCode(shop.buyer.api.dashboard.series.query({ shopId: shop.shopId, ...TODAY, bucket: 'hour' }))).toBe('FORBIDDEN');
    expect(await errorCode(anon.api.dashboard.series.query({ shopId: shop.shopId, ...TODAY, bucket: 'hour' }))).toBe('UNAUTHORIZED');
    expect(await errorCode(api.dashboard.series.query({ shopId: 'nope', ...TODAY, bucket: 'hour' }))).toBe('NOT_FOUND');
  });
});

function pick(figures: { orderCount: number; revenueCents: number; profitCents: number | null }) {
  return { orderCount: figures.orderCount, revenueCents: figures.revenueCents, profitCents: figures.profitCents };
}

function sum(buckets: readonly { orderCount: number; revenueCents: number; profitCents: number | null }[]) {
  const total = { orderCount: 0, revenueCents: 0, profitCents: 0 };
  for (const b of buckets) {
    total.orderCount += b.orderCount;
    total.revenueCents += b.revenueCents;
    total.profitCents += b.profitCents ?? 0;
  }
  return total;
}

async function waitForEvents(stream: { events: { data: DashboardEvent }[]; waitFor(n: number): Promise<unknown> }, done: (events: DashboardEvent[]) => boolean): Promise<void> {
  for (let n = stream.events.length + 1; !done(stream.events.map((e) => e.data)); n++) await stream.waitFor(n);
}

