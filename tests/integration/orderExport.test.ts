import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Insertable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderItemsTable, OrdersTable } from '../../src/server/db/schema.js';
import { createIdSource } from '../../src/server/ids.js';
import { orderCsv } from '../../src/server/orders/export.js';
import type { OrderFilters } from '../../src/shared/orderFilters.js';
import { orderNumber } from '../../src/shared/orderNumber.js';
import { ORDER_STATUSES } from '../../src/shared/orderStatus.js';
import { PAYMENT_STATUSES } from '../../src/shared/payments.js';
import type { Api } from '../support/clients.js';
import { captureLogs } from '../support/logs.js';
import { rowOf, rowsOf } from '../support/rows.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { setupTeam, type TeamFixture } from '../support/team.js';
import { sql } from 'kysely';

const COUNT = 5_000;
const logs = captureLogs('error');
let server: TestServer;
let shop: TeamFixture;
let tokens: { owner: string; manager: string; staff: string; outsider: string; buyer: string };

/** Names a spreadsheet would trip over: separators, quotes, line breaks, formulas, non-ASCII. */
const TRICKY_NAMES = ['Smith, Jo', 'Jo "JJ" Smith', 'Line one\nLine two', '=HYPERLINK("http://x.test","click")', '+1 555', '-2+3', '@SUM(A1)', 'Zoë Ångström', '\tTabbed', 'Plain Name'];

const BASE = Date.parse('2026-01-01T00:00:00Z');

async function seedOrders(): Promise<void> {
  const db = server.app.deps.db;
  let ms = BASE;
  const ids = createIdSource(() => ms);
  const orders: Insertable<OrdersTable>[] = [];
  const items: Insertable<OrderItemsTable>[] = [];
  for (let i = 0; i < COUNT; i += 1) {
    // Three orders to a second: the export's keyset has ties to break.
    ms = BASE + Math.floor(i / 3) * 1000;
    const id = ids.next();
    const lines = (i % 3) + 1;
    let total = 0;
    let cost = 0;
    for (let line = 1; line <= lines; line += 1) {
      const product = shop.products[line % 2];
      const quantity = ((i + line) % 4) + 1;
      const price = 199 + ((i * 37 + line * 11) % 5000);
      // Some lines sell below cost: negative profit must come out as "-1.23", not as a guarded text.
      const unitCost = i % 11 === 0 ? price + 50 : Math.floor(price / 2);
      total += quantity * price;
      cost += quantity * unitCost;
      items.push({ order_id: id, line, product_id: product?.id ?? '', product_name: product?.name ?? '', quantity, price_cents: price, cost_cents: unitCost });
    }
    const name = TRICKY_NAMES[i % TRICKY_NAMES.length] ?? 'x';
    orders.push({
      id,
      shop_id: shop.shopId,
      buyer_id: shop.buyerId,
      status: ORDER_STATUSES[i % ORDER_STATUSES.length] ?? 'pending',
      total_cents: total,
      profit_cents: total - cost,
      idempotency_key: null,
      created_at: ms,
      updated_at: ms,
      customer_name: name,
      customer_email: `buyer${i}@example.test`,
      shipping_address: i % 4 === 0 ? null : JSON.stringify({ name, line1: `${i} "Quay", Dock`, ...(i % 2 ? { line2: 'Unit 2' } : {}), city: 'Bristol', postalCode: 'BS1 4RN', country: 'GB' }),
      tracking_number: null,
      payment_status: PAYMENT_STATUSES[i % PAYMENT_STATUSES.length] ?? 'unpaid',
      paid_cents: 0,
      refunded_cents: 0,
      decline_reason: null,
      pay_by: null,
    });
  }
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < orders.length; start += 200) await trx.insertInto('orders').values(orders.slice(start, start + 200)).execute();
    for (let start = 0; start < items.length; start += 400) await trx.insertInto('order_items').values(items.slice(start, start + 400)).execute();
  });
}

async function tokenOf(api: Api): Promise<string> {
  return (await api.auth.refresh.mutate()).token;
}

beforeAll(async () => {
  server = await startTestServer({ CALLS_PER_SECOND: '0' }, { logger: logs.logger });
  shop = await setupTeam(server.url, [
    { name: 'Beans, dark', priceCents: 1000, costCents: 500, stock: 100 },
    { name: 'Mug', priceCents: 800, costCents: 300, stock: 100 },
  ]);
  tokens = {
    owner: shop.sellerToken,
    manager: await tokenOf(shop.manager.client.api),
    staff: await tokenOf(shop.staff.client.api),
    outsider: await tokenOf(shop.outsider.client.api),
    buyer: shop.buyerToken,
  };
  await seedOrders();
}, 120_000);
afterAll(async () => {
  await shop[Symbol.asyncDispose]();
  await server[Symbol.asyncDispose]();
});

function exportUrl(params: Record<string, string>): string {
  return `${server.url}/api/export/orders.csv?${new URLSearchParams(params).toString()}`;
}

function download(params: Record<string, string>, token: string | null, init: RequestInit = {}): Promise<Response> {
  return fetch(exportUrl(params), { ...init, headers: token ? { authorization: `Bearer ${token}` } : {} });
}

/** RFC 4180, as a spreadsheet reads it: quoted cells may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += c;
  }
  expect(cell).toBe('');
  expect(row).toEqual([]);
  return rows;
}

/** "12.50" -> 1250, "-0.05" -> -5: exact, no floating point. */
function cents(decimal: string): number {
  const match = /^(-?)(\d+)\.(\d{2})$/.exec(decimal);
  if (!match) throw new Error(`not a decimal amount: ${decimal}`);
  return (match[1] ? -1 : 1) * (Number(match[2]) * 100 + Number(match[3]));
}

const guarded = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

async function expectedRows(filters: { status?: string; paymentStatus?: string } = {}) {
  const db = server.app.deps.db;
  let query = db.selectFrom('orders').selectAll().where('shop_id', '=', shop.shopId);
  if (filters.status) query = query.where('status', '=', filters.status as never);
  if (filters.paymentStatus) query = query.where('payment_status', '=', filters.paymentStatus as never);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  const units = await rowsOf<{ order_id: string; units: number | string }>(
    db,
    sql`select i.order_id, sum(i.quantity) as units from order_items i join orders o on o.id = i.order_id where o.shop_id = ${shop.shopId} group by i.order_id`,
  );
  const unitsById = new Map(units.map((u) => [u.order_id, Number(u.units)]));
  return rows.map((row) => ({ row, units: unitsById.get(row.id) ?? 0 }));
}

function addressText(json: string | null): string {
  if (json === null) return '';
  const a = JSON.parse(json) as { name: string; line1: string; line2?: string; city: string; postalCode: string; country: string };
  return [a.name, a.line1, ...(a.line2 ? [a.line2] : []), `${a.postalCode} ${a.city}`, a.country].join(', ');
}

describe('GET /api/export/orders.csv', () => {
  it('streams all 5,000 orders as an attachment, row for row as the database has them, totals to the cent', async () => {
    const response = await download({ shopId: shop.shopId }, tokens.owner);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="orders-\d{4}-\d{2}-\d{2}\.csv"$/);
    // No length known up front: the file is written as it is read.
    expect(response.headers.get('content-length')).toBeNull();
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    const [header, ...rows] = parseCsv(await response.text());
    expect(header).toEqual(['Order', 'Placed at', 'Status', 'Payment', 'Customer', 'Email', 'Shipping address', 'Items', 'Total', 'Cost', 'Profit']);
    const want = await expectedRows();
    expect(rows).toHaveLength(COUNT);
    expect(want).toHaveLength(COUNT);
    for (const [index, { row, units }] of want.entries()) {
      expect(rows[index], `row ${index + 1}`).toEqual([
        orderNumber(row.id),
        new Date(Number(row.created_at)).toISOString(),
        row.status,
        row.payment_status,
        guarded(row.customer_name),
        row.customer_email,
        guarded(addressText(row.shipping_address)),
        String(units),
        expect.stringMatching(/^\d+\.\d{2}$/),
        expect.stringMatching(/^-?\d+\.\d{2}$/),
        expect.stringMatching(/^-?\d+\.\d{2}$/),
      ]);
      const [total, cost, profit] = (rows[index] ?? []).slice(8).map(cents);
      expect([total, cost, profit]).toEqual([row.total_cents, row.total_cents - row.profit_cents, row.profit_cents]);
    }
    const sums = await rowOf<{ total: number | string; profit: number | string }>(
      server.app.deps.db,
      sql`select sum(total_cents) as total, sum(profit_cents) as profit from orders where shop_id = ${shop.shopId}`,
    );
    expect(rows.reduce((sum, r) => sum + cents(r[8] ?? ''), 0)).toBe(Number(sums?.total));
    expect(rows.reduce((sum, r) => sum + cents(r[10] ?? ''), 0)).toBe(Number(sums?.profit));
    expect(rows.some((r) => (r[10] ?? '').startsWith('-'))).toBe(true);
  });

  it('quotes commas, quotes and line breaks, and defuses cells a spreadsheet would run as formulas', async () => {
    const text = await (await download({ shopId: shop.shopId, from: new Date(BASE).toISOString(), to: new Date(BASE + 40_000).toISOString() }, tokens.owner)).text();
    const lines = text.split('\r\n');
    expect(lines.some((l) => l.includes(',"Smith, Jo",'))).toBe(true);
    expect(lines.some((l) => l.includes(',"Jo ""JJ"" Smith",'))).toBe(true);
    expect(text).toContain(',"Line one\nLine two",');
    expect(text).toContain(`,"'=HYPERLINK(""http://x.test"",""click"")",`);
    for (const start of ["'+1 555", "'-2+3", "'@SUM(A1)", "'\tTabbed"]) expect(text).toContain(`,${start},`);
    expect(text).toContain(',Zoë Ångström,');
    const rows = parseCsv(text).slice(1);
    expect(rows).toHaveLength(120);
    for (const row of rows) expect(row).toHaveLength(11);
  });

  it('exports exactly what order.list pages through for the same filters', async () => {
    const cases: OrderFilters[] = [
      { status: 'cancelled' },
      { paymentStatus: 'refunded' },
      { status: 'pending', paymentStatus: 'unpaid' },
      { search: 'smith' },
      { search: 'ZOË' },
      { from: new Date(BASE + 600_000), to: new Date(BASE + 900_000), status: 'shipped' },
    ];
    for (const filters of cases) {
      const params: Record<string, string> = { shopId: shop.shopId };
      for (const [name, value] of Object.entries(filters)) params[name] = value instanceof Date ? value.toISOString() : String(value);
      const rows = parseCsv(await (await download(params, tokens.manager)).text()).slice(1);
      const listed: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { id: string }[]; nextCursor: string | null } = await shop.seller.api.order.list.query({ shopId: shop.shopId, limit: 100, cursor, ...filters });
        listed.push(...page.items.map((o) => orderNumber(o.id)));
        cursor = page.nextCursor;
      } while (cursor !== null);
      expect(rows.map((r) => r[0]), JSON.stringify(filters)).toEqual(listed);
      expect(listed.length, JSON.stringify(filters)).toBeGreaterThan(0);
    }
  });

  it('gives staff no cost or profit columns at all', async () => {
    const response = await download({ shopId: shop.shopId, status: 'delivered' }, tokens.staff);
    expect(response.status).toBe(200);
    const [header, ...rows] = parseCsv(await response.text());
    expect(header).toEqual(['Order', 'Placed at', 'Status', 'Payment', 'Customer', 'Email', 'Shipping address', 'Items', 'Total']);
    const want = await expectedRows({ status: 'delivered' });
    expect(rows).toHaveLength(want.length);
    for (const [index, { row }] of want.entries()) {
      expect(rows[index]).toHaveLength(9);
      expect(cents(rows[index]?.[8] ?? '')).toBe(row.total_cents);
    }
  });

  it('refuses without a token (401), with a bad one (401), to a non-member or a buyer (403), for an unknown shop (404), bad filters (400), and POST (405)', async () => {
    const db = server.app.deps.db;
    const before = await rowOf(db, sql`select count(*) as n, max(updated_at) as u from orders`);
    const refusal = async (response: Response, status: number, code: string, message: RegExp) => {
      expect(response.status).toBe(status);
      expect(response.headers.get('content-disposition')).toBeNull();
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(code);
      expect(body.error.message).toMatch(message);
    };
    const noToken = await download({ shopId: shop.shopId }, null);
    expect(noToken.headers.get('www-authenticate')).toMatch(/^Bearer/);
    await refusal(noToken, 401, 'UNAUTHORIZED', /Sign in first/);
    await refusal(await download({ shopId: shop.shopId }, 'not-a-token'), 401, 'UNAUTHORIZED', /sign in again/);
    await refusal(await download({ shopId: shop.shopId }, tokens.outsider), 403, 'FORBIDDEN', /not a member of this shop/);
    await refusal(await download({ shopId: shop.shopId }, tokens.buyer), 403, 'FORBIDDEN', /not a member/);
    await refusal(await download({ shopId: 'no-such-shop' }, tokens.owner), 404, 'NOT_FOUND', /Shop not found/);
    await refusal(await download({}, tokens.owner), 400, 'BAD_REQUEST', /shopId/);
    await refusal(await download({ shopId: shop.shopId, status: 'lost' }, tokens.owner), 400, 'BAD_REQUEST', /^status: /);
    await refusal(await download({ shopId: shop.shopId, from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' }, tokens.owner), 400, 'BAD_REQUEST', /must be before to/);
    await refusal(await download({ shopId: shop.shopId, from: '2016-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, tokens.owner), 400, 'BAD_REQUEST', /at most 366 days/);
    await refusal(await download({ shopId: shop.shopId, from: 'yesterday', to: '2026-01-01T00:00:00Z' }, tokens.owner), 400, 'BAD_REQUEST', /not a date and time/);
    const post = await download({ shopId: shop.shopId }, tokens.owner, { method: 'POST' });
    expect(post.headers.get('allow')).toBe('GET');
    await refusal(post, 405, 'METHOD_NOT_SUPPORTED', /GET/);
    expect(await rowOf(db, sql`select count(*) as n, max(updated_at) as u from orders`)).toEqual(before);
  });

  it('reads the next page only as the last is taken, and stops reading when the reader goes away', async () => {
    let pages = 0;
    const stream = Readable.from(orderCsv(server.app.deps.db, { shopId: shop.shopId, filters: {}, seesMoney: true, pageSize: 100, onPage: () => (pages += 1) }), {
      objectMode: false,
    });
    const reader = stream[Symbol.asyncIterator]();
    await reader.next();
    await sleep(200);
    // 50 pages in all; unread, the stream holds at most its buffer's worth ahead.
    expect(pages).toBeGreaterThan(0);
    expect(pages).toBeLessThanOrEqual(3);
    stream.destroy();
    await sleep(100);
    const after = pages;
    await sleep(200);
    expect(pages).toBe(after);
    expect(after).toBeLessThanOrEqual(4);
  });

  it('a download the caller drops half way ends quietly on the server', async () => {
    const controller = new AbortController();
    const response = await download({ shopId: shop.shopId }, tokens.owner, { signal: controller.signal });
    const body = response.body?.getReader();
    expect((await body?.read())?.done).toBe(false);
    controller.abort();
    await sleep(200);
    expect(logs.failures()).toEqual([]);
    // The server still answers.
    expect((await download({ shopId: shop.shopId, search: 'buyer42@' }, tokens.owner)).status).toBe(200);
  });
});
