import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '../../src/shared/domain.js';
import { orderMatches, type OrderFilters } from '../../src/shared/orderFilters.js';
import { orderNumber } from '../../src/shared/orderNumber.js';
import { ORDER_STATUSES } from '../../src/shared/orderStatus.js';
import { PAYMENT_STATUSES } from '../../src/shared/payments.js';
import { loadOrders } from '../../src/server/orders/queries.js';
import { orderFilterCondition } from '../../src/server/orders/filters.js';
import { connect, errorCode, zodIssues, type Api } from '../support/clients.js';
import { onPostgres } from '../support/database.js';
import { expectRefusal, rowOf, rowsOf } from '../support/rows.js';
import { startTestServer, testClock, type TestServer } from '../support/server.js';
import { eventually } from '../support/subscriptions.js';
import { setupTeam, type TeamFixture } from '../support/team.js';

const clock = testClock();
let server: TestServer;
let shop: TeamFixture;
let other: TeamFixture;
const placed: Order[] = [];

const at = (iso: string) => new Date(iso);
const MARCH = { from: at('2026-03-01T00:00:00Z'), to: at('2026-04-01T00:00:00Z') };
const FIRST_WEEK = { from: at('2026-03-01T00:00:00Z'), to: at('2026-03-08T00:00:00Z') };

let keys = 0;
const key = () => `filters-${keys++}`;

/** Every order of a filter, paged through `order.list` `limit` at a time, with each page's ids. */
async function listAll(api: Api, filters: OrderFilters, limit = 3): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: { items: Order[]; nextCursor: string | null } = await api.order.list.query({ shopId: shop.shopId, limit, cursor, ...filters });
    pages += 1;
    expect(page.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.items.map((o) => o.id));
    cursor = page.nextCursor;
  } while (cursor !== null);
  return { ids, pages };
}

/** The answer straight from the rows: every order of the shop, newest first, kept when the shared rule says so. */
async function expected(filters: OrderFilters): Promise<string[]> {
  const db = server.app.deps.db;
  const rows = await db.selectFrom('orders').selectAll().where('shop_id', '=', shop.shopId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return (await loadOrders(db, rows)).filter((o) => orderMatches(o, filters)).map((o) => o.id);
}

async function placeAs(api: Api, when: string, quantity = 1, productIndex = 0): Promise<Order> {
  clock.set(at(when));
  const order = await api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: shop.products[productIndex]?.id ?? '', quantity }] });
  await spread(api, order, placed.length);
  placed.push(order);
  return order;
}

/** Statuses and payments spread over the orders, each decided by the order's place in line. */
async function spread(buyer: Api, order: Order, index: number): Promise<void> {
  const pay = (paymentMethod: 'pm_card_visa' | 'pm_card_declined') => buyer.order.pay.mutate({ orderId: order.id, paymentMethod, idempotencyKey: key() });
  const move = (status: 'confirmed' | 'shipped' | 'cancelled') => shop.seller.api.order.updateStatus.mutate({ orderId: order.id, status });
  switch (index % 6) {
    case 0:
      await pay('pm_card_visa');
      if (index % 12 === 0) await move('confirmed');
      return;
    case 1:
      return void (await pay('pm_card_declined'));
    case 2:
      await pay('pm_card_visa');
      return void (await shop.seller.api.order.refund.mutate({ orderId: order.id, amountCents: 100, reason: 'dented' }));
    case 3:
      await pay('pm_card_visa');
      return void (await move('cancelled'));
    case 4:
      await move('confirmed');
      if (index % 12 === 4) await move('shipped');
      return;
    default:
      return void (await move('cancelled'));
  }
}

async function buyerNamed(name: string, emailStart: string): Promise<Api> {
  const anon = connect(server.url);
  const registered = await anon.api.auth.register.mutate({ email: `${emailStart}-${Date.now()}@example.test`, password: 'password-123', name, role: 'buyer' });
  await anon.close();
  const client = connect(server.url, registered.token);
  closers.push(() => client.close());
  return client.api;
}
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  server = await startTestServer({ CALLS_PER_SECOND: '0', TOKEN_TTL_SECONDS: '31536000', UNPAID_ORDER_MINUTES: '10080' }, { clock });
  clock.set(at('2026-02-20T12:00:00Z'));
  shop = await setupTeam(server.url, [
    { name: 'Beans', priceCents: 1250, costCents: 500, stock: 10_000 },
    { name: 'Mug', priceCents: 800, costCents: 300, stock: 10_000 },
  ]);
  other = await setupTeam(server.url, [{ name: 'Elsewhere', stock: 100 }]);
  const ada = await buyerNamed('Ada Lovelace', 'ada.l');
  const zoe = await buyerNamed("Zoë O'Brien", 'zoe');
  const pct = await buyerNamed('100% Beans_Co', 'percent');
  const bob = shop.buyer.api;

  // February (outside March), the whole of March, and three orders in the same millisecond (the keyset's tie-break).
  await placeAs(ada, '2026-02-27T09:00:00Z', 2);
  await placeAs(bob, '2026-02-28T23:59:59.999Z');
  await placeAs(ada, '2026-03-01T00:00:00Z', 1, 1);
  for (const api of [ada, zoe, bob]) await placeAs(api, '2026-03-03T10:00:00Z');
  await placeAs(zoe, '2026-03-05T08:00:00Z', 3);
  await placeAs(pct, '2026-03-07T23:59:59.999Z');
  await placeAs(bob, '2026-03-08T00:00:00Z', 1, 1);
  for (let day = 10; day <= 28; day += 2) await placeAs([ada, zoe, bob, pct][day % 4] ?? bob, `2026-03-${day}T12:00:00Z`, (day % 3) + 1, day % 2);
  await placeAs(ada, '2026-04-01T00:00:00Z');
  // A busy hour of the same minute (order numbers of one minute share their leading digits only sometimes; the tail is random).
  for (let i = 0; i < 6; i += 1) await placeAs([ada, zoe, bob][i % 3] ?? bob, `2026-03-31T23:00:0${i}Z`);

  // Unpaid orders older than UNPAID_ORDER_MINUTES were released (cancelled) as later ones were placed; wait until none is left due.
  const db = server.app.deps.db;
  server.app.deps.dueWork.poke();
  await eventually(async () => (await db.selectFrom('orders').select('id').where('pay_by', '<=', clock.now().getTime()).execute()).length === 0, 10_000);
  // An order of another shop with a matching customer: never in this shop's answers.
  clock.set(at('2026-03-15T00:00:00Z'));
  await ada.order.place.mutate({ shopId: other.shopId, items: [{ productId: other.products[0]?.id ?? '', quantity: 1 }] });
}, 120_000);
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  await shop[Symbol.asyncDispose]();
  await other[Symbol.asyncDispose]();
  await server[Symbol.asyncDispose]();
});

describe('order.list filters', () => {
  it('the orders placed have the variety the filters need', async () => {
    const rows = await rowsOf<{ status: string; payment_status: string }>(server.app.deps.db, sql`select status, payment_status from orders where shop_id = ${shop.shopId}`);
    expect(rows).toHaveLength(placed.length);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['pending', 'confirmed', 'shipped', 'cancelled']));
    expect(new Set(rows.map((r) => r.payment_status))).toEqual(new Set(['unpaid', 'paid', 'failed', 'partially_refunded', 'refunded']));
  });

  it('each filter alone, and every combination of status, payment status and period, pages to exactly the matching orders', async () => {
    const periods = [{}, MARCH, FIRST_WEEK];
    let nonEmpty = 0;
    for (const status of [undefined, ...ORDER_STATUSES]) {
      for (const paymentStatus of [undefined, ...PAYMENT_STATUSES]) {
        for (const period of periods) {
          const filters: OrderFilters = { ...(status ? { status } : {}), ...(paymentStatus ? { paymentStatus } : {}), ...period };
          const want = await expected(filters);
          const { ids } = await listAll(shop.seller.api, filters, 4);
          expect(ids, JSON.stringify(filters)).toEqual(want);
          if (want.length > 0) nonEmpty += 1;
        }
      }
    }
    // The rule itself is checked by hand below; here the grid must not be trivially empty.
    expect(nonEmpty).toBeGreaterThan(20);
  });

  it('counts by hand: March is [from, to), the status and payment filters are what the rows say', async () => {
    const inMarch = placed.filter((o) => o.createdAt >= MARCH.from && o.createdAt < MARCH.to);
    expect((await listAll(shop.seller.api, MARCH, 100)).ids.sort()).toEqual(inMarch.map((o) => o.id).sort());
    // 2026-03-01T00:00:00Z is in the first week, 2026-03-08T00:00:00Z is not, 23:59:59.999 the day before is.
    const week = (await listAll(shop.seller.api, FIRST_WEEK)).ids;
    expect(week).toHaveLength(6);
    const db = server.app.deps.db;
    const cancelled = await rowOf<{ n: number | string }>(db, sql`select count(*) as n from orders where shop_id = ${shop.shopId} and status = 'cancelled'`);
    expect((await listAll(shop.seller.api, { status: 'cancelled' })).ids).toHaveLength(Number(cancelled?.n));
    const paidCancelled = await rowOf<{ n: number | string }>(
      db,
      sql`select count(*) as n from orders where shop_id = ${shop.shopId} and status = 'cancelled' and payment_status = 'refunded'`,
    );
    expect((await listAll(shop.seller.api, { status: 'cancelled', paymentStatus: 'refunded' })).ids).toHaveLength(Number(paidCancelled?.n));
    expect(Number(paidCancelled?.n)).toBeGreaterThan(0);
  });

  it('searches by order number (exact or leading digits, with or without #, any case), name or email (any case, a part of it)', async () => {
    const target = placed[5];
    if (!target) throw new Error('no order');
    const number = orderNumber(target.id);
    const exact = await listAll(shop.seller.api, { search: number });
    expect(exact.ids).toContain(target.id);
    for (const id of exact.ids) expect(orderNumber(id)).toBe(number);
    const lower = await listAll(shop.seller.api, { search: number.toLowerCase() });
    expect(lower.ids).toEqual(exact.ids);
    const prefix = number.slice(0, 4);
    const byPrefix = await listAll(shop.seller.api, { search: prefix });
    expect(byPrefix.ids).toContain(target.id);
    for (const id of byPrefix.ids) expect(orderNumber(id).startsWith(prefix)).toBe(true);
    expect(byPrefix.ids).toEqual(await expected({ search: prefix }));
    // Every order's own number finds it, without the #.
    for (const order of placed) expect((await listAll(shop.seller.api, { search: orderNumber(order.id).slice(1) }, 50)).ids).toContain(order.id);

    const ada = placed.filter((o) => o.customer.name === 'Ada Lovelace').map((o) => o.id);
    expect(ada.length).toBeGreaterThan(3);
    expect(new Set((await listAll(shop.seller.api, { search: 'LOVE' })).ids)).toEqual(new Set(ada));
    expect(new Set((await listAll(shop.seller.api, { search: '  ada.L ' })).ids)).toEqual(new Set(ada));
    const zoe = placed.filter((o) => o.customer.name.startsWith('Zo')).map((o) => o.id);
    expect(new Set((await listAll(shop.seller.api, { search: "o'brien" })).ids)).toEqual(new Set(zoe));
    // % and _ are letters here, not wildcards.
    const pct = placed.filter((o) => o.customer.name.startsWith('100')).map((o) => o.id);
    expect(new Set((await listAll(shop.seller.api, { search: '%' })).ids)).toEqual(new Set(pct));
    expect(new Set((await listAll(shop.seller.api, { search: 's_c' })).ids)).toEqual(new Set(pct));
    expect((await listAll(shop.seller.api, { search: 'a_a' })).ids).toEqual([]);
    // With # it is a number search only; a # of no hex digits finds nothing.
    expect((await listAll(shop.seller.api, { search: '#ada' })).ids.every((id) => orderNumber(id).toLowerCase().startsWith('#ada'))).toBe(true);
    expect((await listAll(shop.seller.api, { search: '#love' })).ids).toEqual([]);
    expect((await listAll(shop.seller.api, { search: 'nobody-like-this' })).ids).toEqual([]);
    // A blank search box is no search.
    expect((await listAll(shop.seller.api, { search: '   ' }, 100)).ids).toEqual(await expected({}));
  });

  it('search combines with the other filters, and never reaches another shop', async () => {
    for (const filters of [
      { search: 'ada', status: 'pending' },
      { search: 'example.test', paymentStatus: 'paid' },
      { search: 'zo', ...MARCH },
      { search: 'e', status: 'confirmed', paymentStatus: 'unpaid', ...MARCH },
    ] satisfies OrderFilters[]) {
      const { ids } = await listAll(shop.seller.api, filters, 2);
      expect(ids, JSON.stringify(filters)).toEqual(await expected(filters));
    }
    const ours = new Set(placed.map((o) => o.id));
    for (const id of (await listAll(shop.seller.api, { search: 'ada' }, 100)).ids) expect(ours.has(id)).toBe(true);
  });

  it('pages under filters neither repeat nor skip: orders of one millisecond, every page size', async () => {
    const all = await expected({});
    for (const limit of [1, 2, 3, 5, 7, 100]) {
      const { ids, pages } = await listAll(shop.seller.api, {}, limit);
      expect(ids).toEqual(all);
      expect(new Set(ids).size).toBe(ids.length);
      expect(pages).toBe(Math.max(1, Math.ceil(all.length / limit)));
    }
    for (const limit of [1, 2, 4]) {
      expect((await listAll(shop.seller.api, { ...MARCH, status: 'pending' }, limit)).ids).toEqual(await expected({ ...MARCH, status: 'pending' }));
    }
  });

  it('staff get the same orders, without profit or amounts paid', async () => {
    const filters = { paymentStatus: 'paid' } as const;
    const page = await shop.staff.client.api.order.list.query({ shopId: shop.shopId, limit: 100, ...filters });
    expect(page.items.map((o) => o.id)).toEqual(await expected(filters));
    expect(page.items.length).toBeGreaterThan(0);
    for (const order of page.items) expect([order.profitCents, order.payment.paidCents]).toEqual([null, null]);
  });

  it('refuses a wrong status, payment status, a period backwards, too long or half given, a long search, and strangers; nothing changes', async () => {
    const db = server.app.deps.db;
    const state = () => rowsOf(db, sql`select id, status, payment_status, updated_at from orders order by id`);
    const lastEvent = () => rowOf(db, sql`select max(id) as id from events`);
    const before = [await state(), await lastEvent()];
    const list = (input: Record<string, unknown>, api: Api = shop.seller.api) => api.order.list.query({ shopId: shop.shopId, ...input });

    expect(await zodIssues(list({ status: 'lost' }))).toMatchObject([{ path: ['status'] }]);
    expect(await errorCode(list({ paymentStatus: 'maybe' }))).toBe('BAD_REQUEST');
    await expectRefusal(list({ from: MARCH.to, to: MARCH.from }), 'BAD_REQUEST', /must be before to/);
    await expectRefusal(list({ from: at('2016-01-01T00:00:00Z'), to: at('2026-01-01T00:00:00Z') }), 'BAD_REQUEST', /at most 366 days long; this one is 3653 days/);
    await expectRefusal(list({ from: MARCH.from }), 'BAD_REQUEST', /Give both from and to/);
    expect(await errorCode(list({ search: 'x'.repeat(101) }))).toBe('BAD_REQUEST');
    await expectRefusal(list({}, shop.outsider.client.api), 'FORBIDDEN', /not a member of this shop/);
    await expectRefusal(list({ status: 'pending' }, other.seller.api), 'FORBIDDEN', /not a member/);
    expect(await errorCode(list({}, shop.buyer.api))).toBe('FORBIDDEN');
    expect(await errorCode(shop.seller.api.order.list.query({ shopId: 'no-such-shop', status: 'pending' }))).toBe('NOT_FOUND');
    expect([await state(), await lastEvent()]).toEqual(before);
  });

  it('each filter reads its index', async () => {
    const db = server.app.deps.db;
    const plan = async (filters: OrderFilters): Promise<string> => {
      const query = db
        .selectFrom('orders')
        .selectAll()
        .where('shop_id', '=', shop.shopId)
        .where((eb) => orderFilterCondition(eb, filters))
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(21)
        .compile();
      if (!onPostgres) {
        const rows = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${query.sql}`, [...query.parameters]));
        return rows.rows.map((r) => r.detail).join('\n');
      }
      // A few dozen rows are cheaper to read whole; with sequential scans priced out the planner shows which index fits.
      return db.connection().execute(async (conn) => {
        await conn.executeQuery(CompiledQuery.raw('ANALYZE orders'));
        await conn.executeQuery(CompiledQuery.raw('SET enable_seqscan = off'));
        try {
          const rows = await conn.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`EXPLAIN ${query.sql}`, [...query.parameters]));
          return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
        } finally {
          await conn.executeQuery(CompiledQuery.raw('SET enable_seqscan = on'));
        }
      });
    };
    expect(await plan({ status: 'pending' })).toMatch(/orders_shop_status/);
    expect(await plan({ paymentStatus: 'paid' })).toMatch(/orders_shop_payment/);
    expect(await plan({ search: '#9e4f' })).toMatch(/orders_shop_number/);
  });
});
