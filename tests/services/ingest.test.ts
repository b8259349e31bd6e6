import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { DashboardEvent, OrderStreamEvent } from '../../src/shared/events.js';
import type { IngestMessageInput } from '../../src/shared/ingest.js';
import type { UserEvent } from '../../src/shared/notification.js';
import { orderNumber } from '../../src/shared/orderNumber.js';
import { createTestProvider, type PaymentProvider } from '../../src/server/payments/provider.js';
import type { Api } from '../support/clients.js';
import { setupShop, type ShopFixture } from '../support/fixtures.js';
import { onPostgres } from '../support/database.js';
import { captureLogs } from '../support/logs.js';
import { freePort } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { collect, eventually, statusMoves, type Collected } from '../support/subscriptions.js';
import { AMQP_URL, openTestBroker, reasonOf } from './support/broker.js';
import { openTcpProxy } from '../support/tcpProxy.js';

const run = promisify(execFile);
const brokerCtl = await rabbitmqctlWorks();

/**
 * A GET on a connection of its own. fetch keeps connections alive, and in the SQLite-busy test the
 * server's event loop stalls for seconds (each write waits out the busy timeout): the server then
 * closed an idle kept-alive socket just as the next 20 ms poll was written on it, and the poll
 * failed with ECONNRESET (once in five runs).
 */
function getText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(body));
      response.on('error', reject);
    }).on('error', reject);
  });
}

/** One figure of the server's /metrics, 0 if it has none yet. */
async function metric(url: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await getText(`${url}/metrics`);
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const have = (match[2] ?? '').split(',');
    if (wanted.every((w) => have.includes(w))) return Number(match[3]);
  }
  return 0;
}

const ingested = (url: string, type: string, outcome: string) => metric(url, 'shopwire_ingest_messages_total', { type, outcome });

async function health(url: string): Promise<{ ingest?: string }> {
  return JSON.parse(await getText(`${url}/health`)) as { ingest?: string };
}

function follow(api: Api, shopId: string, lastEventId: string): Collected<DashboardEvent> {
  return collect<DashboardEvent>((h) => api.dashboard.onDashboardUpdate.subscribe({ shopId, lastEventId }, h));
}

/** Waits for the first event that `match`es, however many come before it. */
async function eventMatching(stream: Collected<DashboardEvent>, match: (event: DashboardEvent) => boolean): Promise<void> {
  await eventually(() => stream.events.some((e) => match(e.data)), 10_000);
}

/** Every event of the stream about one product (the ones a count makes). */
function aboutProduct(stream: Collected<DashboardEvent>, productId: string): DashboardEvent[] {
  return stream.events
    .map((e) => e.data)
    .filter((e) => ('productId' in e && e.productId === productId) || (e.type === 'stock_movement' && e.movement.productId === productId) || (e.type === 'inventory_update' && e.updates.some((u) => u.productId === productId)));
}

function productOf(shop: ShopFixture, index = 0): ShopFixture['products'][number] {
  const product = shop.products[index];
  if (!product) throw new Error(`no product ${index}`);
  return product;
}

function counted(shop: ShopFixture, fields: Partial<IngestMessageInput<'inventory.counted'>>): IngestMessageInput<'inventory.counted'> {
  return { shopId: shop.shopId, sku: 'SKU-1', quantity: 1, countedAt: new Date().toISOString(), source: 'North', ...fields };
}

async function stockOf(shop: ShopFixture): Promise<Record<string, number>> {
  const products = await shop.seller.api.product.list.query({ shopId: shop.shopId });
  return Object.fromEntries(products.map((p) => [p.name, p.stock]));
}

async function countMovements(shop: ShopFixture, productId: string) {
  const { items } = await shop.seller.api.inventory.movements.query({ shopId: shop.shopId, productId, limit: 200 });
  return items.filter((m) => m.reason.startsWith('Counted by warehouse'));
}

describe('inventory.counted', () => {
  it('goes live on the dashboard as an adjustment by the warehouse, once, even when the same message comes twice', async () => {
    await using broker = await openTestBroker();
    await using server = await startTestServer(broker.env());
    await using shop = await setupShop(server.url, [
      { name: 'Beans', stock: 10, lowStockThreshold: 5 },
      { name: 'Mugs', stock: 3 },
    ]);
    const [beans, mugs] = [productOf(shop, 0), productOf(shop, 1)];
    const { cursor } = await shop.seller.api.product.snapshot.query({ shopId: shop.shopId });
    const dashboard = follow(shop.seller.api, shop.shopId, cursor);
    await dashboard.started;

    const count = counted(shop, { sku: 'SKU-1', quantity: 4 });
    await broker.publish('inventory.counted', count, { messageId: 'count-beans-1' });
    await broker.publish('inventory.counted', count, { messageId: 'count-beans-1' });
    await eventually(async () => (await ingested(server.url, 'inventory.counted', 'duplicate')) === 1, 10_000);
    // A change of the seller's own after both: once its event is here, whatever the count made is too.
    await shop.seller.api.inventory.adjust.mutate({ productId: mugs.id, delta: 1, reason: 'found one' });
    await eventMatching(dashboard, (e) => e.type === 'stock_movement' && e.movement.productId === mugs.id);

    const events = aboutProduct(dashboard, beans.id);
    expect(events.map((e) => e.type)).toEqual(['inventory_update', 'low_stock', 'stock_movement']);
    expect(events[0]).toMatchObject({ type: 'inventory_update', updates: [{ productId: beans.id, productName: 'Beans', stock: 4 }] });
    expect(events[1]).toMatchObject({ type: 'low_stock', productId: beans.id, stock: 4, threshold: 5 });
    expect(events[2]).toMatchObject({
      type: 'stock_movement',
      movement: { productId: beans.id, delta: -6, stockAfter: 4, kind: 'adjust', reason: 'Counted by warehouse North', by: null, byName: null, orderId: null },
    });
    expect(await stockOf(shop)).toEqual({ Beans: 4, Mugs: 4 });
    expect(await countMovements(shop, beans.id)).toHaveLength(1);
    expect(await ingested(server.url, 'inventory.counted', 'applied')).toBe(1);
    // The members hear of the alert as they do of a seller's adjustment.
    const { items } = await shop.seller.api.notification.list.query({});
    expect(items.map((n) => n.title)).toContain('Low stock: Beans');
    expect(await broker.deadLetterCount()).toBe(0);
  });

  it('names the product by productId as well, and a count that matches the stock changes nothing', async () => {
    await using broker = await openTestBroker();
    await using server = await startTestServer(broker.env());
    await using shop = await setupShop(server.url, [{ name: 'Beans', stock: 0 }]);
    const beans = productOf(shop);
    const dashboard = follow(shop.seller.api, shop.shopId, (await shop.seller.api.product.snapshot.query({ shopId: shop.shopId })).cursor);
    await dashboard.started;

    await broker.publish('inventory.counted', counted(shop, { sku: undefined, productId: beans.id, quantity: 7 }));
    await eventMatching(dashboard, (e) => e.type === 'restocked');
    expect(aboutProduct(dashboard, beans.id).map((e) => e.type)).toEqual(['inventory_update', 'stock_movement', 'restocked']);
    await broker.publish('inventory.counted', counted(shop, { quantity: 7 }));
    await eventually(async () => (await ingested(server.url, 'inventory.counted', 'applied')) === 2, 10_000);
    expect(await stockOf(shop)).toEqual({ Beans: 7 });
    expect(await countMovements(shop, beans.id)).toHaveLength(1);
  });

  it('keeps the sales made after the count was taken, and refuses a count older than one applied', async () => {
    await using broker = await openTestBroker();
    await using server = await startTestServer(broker.env());
    await using shop = await setupShop(server.url, [{ name: 'Beans', stock: 10 }]);
    const beans = productOf(shop);
    // Room for a late count after the product was listed and before this one.
    const listed = Date.now();
    await eventually(() => Date.now() > listed + 2);
    const countedAt = new Date();
    // The order comes after the count (the ledger's times are in milliseconds).
    await eventually(() => Date.now() > countedAt.getTime() + 1);
    await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: beans.id, quantity: 3 }] });

    // The warehouse found 8 where we thought 10 were: 2 missing, and the 3 sold since stay sold.
    await broker.publish('inventory.counted', counted(shop, { quantity: 8, countedAt: countedAt.toISOString() }));
    await eventually(async () => (await stockOf(shop)).Beans === 5, 10_000);
    expect((await countMovements(shop, beans.id)).map((m) => m.delta)).toEqual([-2]);

    const late = await broker.publish('inventory.counted', counted(shop, { quantity: 1, countedAt: new Date(countedAt.getTime() - 1).toISOString() }));
    const [dead] = await broker.deadLetters(1);
    expect(dead?.properties.messageId).toBe(late);
    expect(dead && reasonOf(dead)).toMatch(/^A count of Beans as new or newer \(.+\) was applied already$/);
    expect(await stockOf(shop)).toEqual({ Beans: 5 });
  });
});

describe('order.status', () => {
  it('ships and delivers an order as a member would: the buyer’s stream and notifications hear it; the same status again changes nothing', async () => {
    await using broker = await openTestBroker();
    await using server = await startTestServer(broker.env());
    await using shop = await setupShop(server.url, [{ name: 'Beans', stock: 10 }]);
    const order = await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: productOf(shop).id, quantity: 1 }] });
    await shop.seller.api.order.updateStatus.mutate({ orderId: order.id, status: 'confirmed' });
    const stream = collect<OrderStreamEvent>((h) => shop.buyer.api.order.onOrderStatus.subscribe({ orderId: order.id, lastEventId: '0' }, h));
    const dashboard = follow(shop.seller.api, shop.shopId, (await shop.seller.api.product.snapshot.query({ shopId: shop.shopId })).cursor);
    await dashboard.started;

    const report = { shopId: shop.shopId, orderId: order.id, source: 'North' };
    await broker.publish('order.status', { ...report, status: 'shipped' });
    await stream.waitFor(3, 10_000);
    await broker.publish('order.status', { ...report, status: 'shipped' });
    await eventually(async () => (await ingested(server.url, 'order.status', 'duplicate')) === 1, 10_000);
    await broker.publish('order.status', { ...report, status: 'delivered' });
    await stream.waitFor(4, 10_000);

    expect(statusMoves(stream.events).map((move) => [move.previousStatus, move.status])).toEqual([
      [null, 'pending'],
      ['pending', 'confirmed'],
      ['confirmed', 'shipped'],
      ['shipped', 'delivered'],
    ]);
    await eventMatching(dashboard, (e) => e.type === 'order_status_changed' && e.status === 'delivered');
    expect(dashboard.events.map((e) => e.data).filter((e) => e.type === 'order_status_changed').map((e) => e.status)).toEqual(['shipped', 'delivered']);
    expect((await shop.buyer.api.order.get.query({ orderId: order.id })).status).toBe('delivered');
    const { items } = await shop.buyer.api.notification.list.query({});
    expect(items.filter((n) => n.kind === 'order_status').map((n) => n.body)).toEqual([
      expect.stringMatching(/was delivered/),
      expect.stringMatching(/was shipped/),
      expect.stringMatching(/was confirmed/),
    ]);
    expect(await broker.deadLetterCount()).toBe(0);
  });
});

/**
 * The built-in test provider, except that a charge with `pm_processor_later` gets no answer (as a
 * processor that takes its time): the charge stays pending, and the processor's message tells its outcome.
 */
function processorLater(): PaymentProvider {
  const provider = createTestProvider();
  return {
    name: provider.name,
    charge: (request) => (request.paymentMethod === 'pm_processor_later' ? Promise.reject(new Error('no answer yet')) : provider.charge(request)),
    refund: (request) => provider.refund(request),
  };
}

/** An order of the shop's buyer whose charge awaits the processor's word (order.pay answered SERVICE_UNAVAILABLE). */
async function orderAwaitingProcessor(shop: ShopFixture, quantity = 1) {
  const order = await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: productOf(shop).id, quantity }] });
  const refused = await shop.buyer.api.order.pay.mutate({ orderId: order.id, paymentMethod: 'pm_processor_later', idempotencyKey: `later-${order.id}` }).catch((error: unknown) => error);
  expect(refused).toMatchObject({ data: { code: 'SERVICE_UNAVAILABLE', reason: 'provider_unavailable' } });
  return order;
}

/** The order's charge rows and money, read through the server's own database. */
async function chargesOf(server: TestServer, orderId: string) {
  const db = server.app.deps.db;
  const rows = await db.selectFrom('payments').select(['status', 'amount_cents', 'provider_ref', 'decline_reason']).where('order_id', '=', orderId).where('kind', '=', 'charge').orderBy('created_at').orderBy('id').execute();
  const order = await db.selectFrom('orders').select(['payment_status', 'paid_cents', 'decline_reason']).where('id', '=', orderId).executeTakeFirstOrThrow();
  return { rows: rows.map((r) => ({ ...r, amount_cents: Number(r.amount_cents) })), order: { ...order, paid_cents: Number(order.paid_cents) } };
}

const settlement = (shop: ShopFixture, order: { id: string; totalCents: number }, fields: Partial<IngestMessageInput<'payment.settled'>> = {}): IngestMessageInput<'payment.settled'> => ({
  shopId: shop.shopId,
  orderId: order.id,
  amountCents: order.totalCents,
  providerRef: 'ch_processor_1',
  settledAt: new Date().toISOString(),
  source: 'Processor',
  ...fields,
});

const failure = (shop: ShopFixture, order: { id: string }, fields: Partial<IngestMessageInput<'payment.failed'>> = {}): IngestMessageInput<'payment.failed'> => ({
  shopId: shop.shopId,
  orderId: order.id,
  providerRef: 'ch_processor_2',
  declineReason: 'Your card was declined.',
  failedAt: new Date().toISOString(),
  source: 'Processor',
  ...fields,
});

describe('payment.settled and payment.failed', () => {
  it('a settlement records the charge awaiting it as order.pay would: paid, live on the shop’s, order’s and buyer’s streams, the buyer told; said again, it changes nothing', async () => {
    await using broker = await openTestBroker();
    await using server = await startTestServer(broker.env(), { paymentProvider: processorLater() });
    await using shop = await setupShop(server.url, [{ name: 'Beans', priceCents: 1250, stock: 10 }]);
    const order = await orderAwaitingProcessor(shop, 2);
    expect(await chargesOf(server, order.id)).toEqual({
      rows: [{ status: 'pending', amount_cents: 2500, provider_ref: null, decline_reason: null }],
      order: { payment_status: 'unpaid', paid_cents: 0, decline_reason: null },
    });
    const { cursor } = await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId });
    const dashboard = follow(shop.seller.api, shop.shopId, cursor);
    const orderStream = collect<OrderStreamEvent>((h) => shop.buyer.api.order.onOrderStatus.subscribe({ orderId: order.id, lastEventId: cursor }, h));
    const mine = collect<OrderStreamEvent>((h) => shop.buyer.api.order.onMyOrders.subscribe({ lastEventId: cursor }, h));
    const notes = collect<UserEvent>((h) => shop.buyer.api.notification.onNotification.subscribe({ lastEventId: cursor }, h));
    await Promise.all([dashboard.started, orderStream.started, mine.started, notes.started]);

    await broker.publish('payment.settled', settlement(shop, order), { messageId: 'settle-1' });
    const payment = { status: 'paid', paidCents: 2500, refundedCents: 0, declineReason: null };
    const received = { type: 'payment_received', orderId: order.id, amountCents: 2500, payment };
    expect((await dashboard.waitFor(1, 10_000)).map((e) => e.data)).toEqual([received]);
    const [heard] = await orderStream.waitFor(1);
    expect(heard?.data).toEqual({ ...received, at: expect.any(Date) as Date });
    expect((await mine.waitFor(1))[0]?.data).toEqual(heard?.data);
    expect((await notes.waitFor(1))[0]?.data).toMatchObject({ type: 'notification', notification: { kind: 'payment', title: `Payment received for order ${orderNumber(order.id)}` } });
    expect((await shop.buyer.api.order.get.query({ orderId: order.id })).payment).toEqual(payment);

    // The same message again (a redelivery), and the same settlement under another id: nothing more.
    await broker.publish('payment.settled', settlement(shop, order), { messageId: 'settle-1' });
    await broker.publish('payment.settled', settlement(shop, order), { messageId: 'settle-1-resent' });
    await eventually(async () => (await ingested(server.url, 'payment.settled', 'duplicate')) === 2, 10_000);
    // A second settlement of the paid order under another charge: refused (the processor may have taken the money twice).
    await broker.publish('payment.settled', settlement(shop, order, { providerRef: 'ch_processor_other' }), { messageId: 'settle-twice' });
    const [dead] = await broker.deadLetters(1);
    expect(dead?.properties.messageId).toBe('settle-twice');
    expect(dead && reasonOf(dead)).toBe(
      `Order ${orderNumber(order.id)} is already paid and no charge of it awaits an outcome: this settlement (ch_processor_other) changes nothing; if the processor took the money twice, refund it there`,
    );

    // Paid once, as the rows say: one succeeded charge of the order's total, carrying the processor's id.
    expect(await chargesOf(server, order.id)).toEqual({
      rows: [{ status: 'succeeded', amount_cents: 2500, provider_ref: 'ch_processor_1', decline_reason: null }],
      order: { payment_status: 'paid', paid_cents: 2500, decline_reason: null },
    });
    // A change of the seller's own after them all: once its event is here, whatever they made is too.
    await shop.seller.api.order.updateStatus.mutate({ orderId: order.id, status: 'confirmed' });
    await eventMatching(dashboard, (e) => e.type === 'order_status_changed');
    expect(dashboard.events.map((e) => e.data.type)).toEqual(['payment_received', 'order_status_changed']);
    expect(await ingested(server.url, 'payment.settled', 'applied')).toBe(1);
    for (const stream of [dashboard, orderStream, mine, notes]) stream.unsubscribe();
  });

  it('a failure records the charge as declined with the processor’s words, live, and the order may be paid again; the same failure again changes nothing', async () => {
    await using broker = await openTestBroker();
    await using server = await startTestServer(broker.env(), { paymentProvider: processorLater() });
    await using shop = await setupShop(server.url, [{ name: 'Beans', priceCents: 900, stock: 10 }]);
    const order = await orderAwaitingProcessor(shop);
    const { cursor } = await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId });
    const dashboard = follow(shop.seller.api, shop.shopId, cursor);
    await dashboard.started;

    await broker.publish('payment.failed', failure(shop, order, { declineReason: 'Your card has insufficient funds.' }));
    const payment = { status: 'failed', paidCents: 0, refundedCents: 0, declineReason: 'Your card has insufficient funds.' };
    expect((await dashboard.waitFor(1, 10_000)).map((e) => e.data)).toEqual([{ type: 'payment_failed', orderId: order.id, amountCents: 900, payment }]);
    expect((await shop.buyer.api.order.get.query({ orderId: order.id })).payment).toEqual(payment);
    const { items } = await shop.buyer.api.notification.list.query({});
    expect(items.map((n) => n.title)).toContain(`Payment declined for order ${orderNumber(order.id)}`);

    await broker.publish('payment.failed', failure(shop, order, { declineReason: 'Your card has insufficient funds.' }));
    await eventually(async () => (await ingested(server.url, 'payment.failed', 'duplicate')) === 1, 10_000);
    // Nothing waits on a failed charge: the buyer pays again, with another card.
    const paid = await shop.buyer.api.order.pay.mutate({ orderId: order.id, paymentMethod: 'pm_card_visa', idempotencyKey: `again-${order.id}` });
    expect(paid.payment).toEqual({ status: 'paid', paidCents: 900, refundedCents: 0, declineReason: null });
    expect((await chargesOf(server, order.id)).rows).toEqual([
      { status: 'failed', amount_cents: 900, provider_ref: 'ch_processor_2', decline_reason: 'Your card has insufficient funds.' },
      { status: 'succeeded', amount_cents: 900, provider_ref: expect.stringMatching(/^ch_test_/) as string, decline_reason: null },
    ]);
    await eventMatching(dashboard, (e) => e.type === 'payment_received');
    expect(dashboard.events.map((e) => e.data.type)).toEqual(['payment_failed', 'payment_received']);
    expect(await ingested(server.url, 'payment.failed', 'applied')).toBe(1);
    expect(await broker.deadLetterCount()).toBe(0);
    dashboard.unsubscribe();
  });

  it('refuses, changing nothing, an unknown or another shop’s order, a payment nobody awaits, another amount, and a report against the recorded outcome', async () => {
    await using broker = await openTestBroker();
    await using server = await startTestServer(broker.env(), { paymentProvider: processorLater() });
    await using shop = await setupShop(server.url, [{ name: 'Beans', priceCents: 700, stock: 10 }]);
    await using other = await setupShop(server.url, [{ name: 'Tea', priceCents: 300, stock: 10 }]);
    const awaiting = await orderAwaitingProcessor(shop);
    const unpaid = await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: productOf(shop).id, quantity: 1 }] });
    const paidOrder = await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: productOf(shop).id, quantity: 1 }] });
    await shop.buyer.api.order.pay.mutate({ orderId: paidOrder.id, paymentMethod: 'pm_card_visa', idempotencyKey: `paid-${paidOrder.id}` });
    const paidRef = (await chargesOf(server, paidOrder.id)).rows[0]?.provider_ref ?? '';
    const theirs = await orderAwaitingProcessor(other);
    const before = await Promise.all([awaiting, unpaid, paidOrder].map((o) => chargesOf(server, o.id)));

    const cases: [type: 'payment.settled' | 'payment.failed', body: unknown, reason: string][] = [
      ['payment.settled', settlement(shop, { id: 'no-such-order', totalCents: 700 }), `Order no-such-order of shop ${shop.shopId} not found`],
      ['payment.settled', settlement(shop, theirs), `Order ${theirs.id} of shop ${shop.shopId} not found`],
      ['payment.failed', failure(shop, theirs), `Order ${theirs.id} of shop ${shop.shopId} not found`],
      ['payment.settled', settlement(shop, unpaid), `A charge of order ${orderNumber(unpaid.id)} awaiting an outcome (ch_processor_1) not found`],
      ['payment.failed', failure(shop, unpaid, { providerRef: null }), `A charge of order ${orderNumber(unpaid.id)} awaiting an outcome (no providerRef) not found`],
      ['payment.settled', settlement(shop, awaiting, { amountCents: 1 }), `The settlement is for 1 cents; the charge of order ${orderNumber(awaiting.id)} is for 700 cents`],
      [
        'payment.failed',
        failure(shop, paidOrder, { providerRef: paidRef }),
        `Charge ${paidRef} of order ${orderNumber(paidOrder.id)} is recorded as paid; this failure changes nothing here: check it at the processor`,
      ],
      [
        'payment.failed',
        failure(shop, paidOrder, { providerRef: null }),
        `Order ${orderNumber(paidOrder.id)} is already paid and no charge of it awaits an outcome: this failure (no providerRef) changes nothing; if the processor took the money twice, refund it there`,
      ],
      ['payment.settled', { ...settlement(shop, awaiting), amountCents: 0 }, 'Not a valid payment.settled: amountCents: Too small: expected number to be >=1'],
    ];
    for (const [index, [type, body]] of cases.entries()) await broker.publish(type, body, { messageId: `refused-${index}` });
    const dead = new Map((await broker.deadLetters(cases.length)).map((m) => [String(m.properties.messageId), m]));
    for (const [index, [type, , reason]] of cases.entries()) {
      const letter = dead.get(`refused-${index}`);
      expect(letter && reasonOf(letter), `${index}: ${type}`).toBe(reason);
      expect(letter?.fields.routingKey).toBe(type);
    }
    expect(await Promise.all([awaiting, unpaid, paidOrder].map((o) => chargesOf(server, o.id)))).toEqual(before);
    expect((await chargesOf(server, theirs.id)).rows).toMatchObject([{ status: 'pending' }]);

    // The awaited settlement, right at last, still applies.
    await broker.publish('payment.settled', settlement(shop, awaiting));
    await eventually(async () => (await chargesOf(server, awaiting.id)).order.payment_status === 'paid', 10_000);
    expect(await ingested(server.url, 'payment.settled', 'dead_lettered')).toBe(5);
    expect(await ingested(server.url, 'payment.failed', 'dead_lettered')).toBe(4);
  });
});

describe('bad messages', () => {
  it('are dead-lettered with the reason in a header, change nothing, and the next good message is applied', async () => {
    await using broker = await openTestBroker();
    const logs = captureLogs('info');
    await using server = await startTestServer(broker.env(), { logger: logs.logger });
    await using shop = await setupShop(server.url, [{ name: 'Beans', stock: 10 }]);
    await using other = await setupShop(server.url, [{ name: 'Tea', stock: 5 }]);
    const order = await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: productOf(shop).id, quantity: 1 }] });
    const theirs = await other.buyer.api.order.place.mutate({ shopId: other.shopId, items: [{ productId: productOf(other).id, quantity: 1 }] });
    await other.seller.api.order.updateStatus.mutate({ orderId: theirs.id, status: 'confirmed' });
    const before = await stockOf(shop);

    const expected: [type: string, body: unknown, reason: RegExp, options?: { messageId?: string | null; raw?: string }][] = [
      ['inventory.counted', null, /^The body is not JSON \(.+\)$/, { raw: '{"shopId": ' }],
      ['inventory.counted', counted(shop, {}), /^The message needs a message_id property/, { messageId: null }],
      ['inventory.recounted', counted(shop, {}), /^Unknown message type "inventory.recounted": this consumer applies inventory.counted, order.status, payment.settled, payment.failed$/],
      ['inventory.counted', counted(shop, { quantity: -2 }), /^Not a valid inventory.counted: quantity: a count cannot be negative$/],
      ['inventory.counted', counted(shop, { productId: productOf(shop).id }), /^Not a valid inventory.counted: sku: name the product by exactly one of sku or productId$/],
      ['inventory.counted', { ...counted(shop, {}), countedAt: 'yesterday' }, /^Not a valid inventory.counted: countedAt: must be an ISO 8601 time/],
      ['inventory.counted', counted(shop, { sku: 'NOPE' }), new RegExp(`^Product with SKU NOPE in shop ${shop.shopId} not found$`)],
      ['inventory.counted', counted(shop, { shopId: 'no-such-shop' }), /^Shop no-such-shop not found$/],
      ['inventory.counted', counted(shop, { countedAt: new Date(Date.now() - 3_600_000).toISOString() }), /^The count \(.+\) is older than the product Beans$/],
      ['inventory.counted', counted(shop, { countedAt: new Date(Date.now() + 86_400_000).toISOString() }), /^countedAt .+ is in the future \(it is .+ here\)$/],
      ['order.status', { shopId: shop.shopId, orderId: 'no-such-order', status: 'shipped', source: 'North' }, new RegExp(`^Order no-such-order of shop ${shop.shopId} not found$`)],
      ['order.status', { shopId: shop.shopId, orderId: theirs.id, status: 'shipped', source: 'North' }, new RegExp(`^Order ${theirs.id} of shop ${shop.shopId} not found$`)],
      ['order.status', { shopId: shop.shopId, orderId: order.id, status: 'shipped', source: 'North' }, /^An order cannot move from pending to shipped$/],
      ['order.status', { shopId: shop.shopId, orderId: order.id, status: 'cancelled', source: 'North' }, /^Not a valid order.status: status: /],
      [
        'payment.settled',
        { shopId: shop.shopId, orderId: order.id, amountCents: 1000, providerRef: 'ch_1', settledAt: new Date().toISOString(), source: 'Processor' },
        new RegExp(`^A charge of order ${orderNumber(order.id)} awaiting an outcome \\(ch_1\\) not found$`),
      ],
    ];
    const ids: string[] = [];
    for (const [index, [type, body, , options]] of expected.entries()) {
      const messageId = options?.messageId === null ? null : `bad-${index}`;
      await broker.publish(type, body, { ...options, messageId });
      ids.push(messageId ?? '');
    }
    // A type outside the families the queue takes is not ours to refuse: the exchange sends it to the dead letters as it is.
    await broker.publish('shipment.created', { any: 'thing' }, { messageId: 'unrouted' });
    await broker.publish('inventory.counted', counted(shop, { quantity: 6 }), { messageId: 'good' });

    const dead = await broker.deadLetters(expected.length + 1);
    const byId = new Map(dead.map((m) => [String(m.properties.messageId ?? ''), m]));
    const letter = (id: string) => {
      const found = byId.get(id);
      if (!found) throw new Error(`no dead letter ${id}`);
      return found;
    };
    for (const [index, [type, , reason]] of expected.entries()) {
      const dead = letter(ids[index] ?? '');
      expect(reasonOf(dead), `${index}: ${type}`).toMatch(reason);
      expect(dead.fields.routingKey).toBe(type);
      expect(dead.properties.headers?.['x-shopwire-queue']).toBe(broker.queue);
    }
    // The message itself is kept as it came, to be fixed and sent again.
    expect(byId.get('bad-0')?.content.toString()).toBe('{"shopId": ');
    expect(JSON.parse(byId.get('bad-3')?.content.toString() ?? '')).toMatchObject({ quantity: -2 });
    expect(reasonOf(letter('unrouted'))).toBeUndefined();
    expect(byId.get('unrouted')?.fields.routingKey).toBe('shipment.created');

    await eventually(async () => (await stockOf(shop)).Beans === 6, 10_000);
    expect(before).toEqual({ Beans: 9 });
    expect(await stockOf(other)).toEqual({ Tea: 4 });
    expect((await shop.seller.api.order.get.query({ orderId: order.id })).status).toBe('pending');
    expect((await other.seller.api.order.get.query({ orderId: theirs.id })).status).toBe('confirmed');
    expect(await ingested(server.url, 'inventory.counted', 'dead_lettered')).toBe(9);
    expect(await ingested(server.url, 'unknown', 'dead_lettered')).toBe(1);
    expect(await ingested(server.url, 'order.status', 'dead_lettered')).toBe(4);
    expect(await ingested(server.url, 'payment.settled', 'dead_lettered')).toBe(1);
    expect(logs.entries.filter((e) => e.msg === 'ingest: message dead-lettered')).toHaveLength(expected.length);
    expect(logs.entries.filter((e) => e.level >= 50)).toEqual([]);
  });

  // Made busy by holding SQLite's write lock from another connection; PostgreSQL's passing errors are classified by failures.test.ts.
  it.skipIf(onPostgres)('a database that cannot take a message yet retries it, then puts it back in the queue, never dead-letters it, and applies it once it can', async () => {
    await using broker = await openTestBroker();
    const logs = captureLogs('info');
    await using server = await startTestServer(broker.env(), { logger: logs.logger });
    await using shop = await setupShop(server.url, [{ name: 'Beans', stock: 10 }]);

    // Another connection holds SQLite's write lock: every write of the server waits, then fails busy.
    const blocker = new SQLite(server.databasePath);
    blocker.pragma('busy_timeout = 10000');
    blocker.exec('BEGIN IMMEDIATE');
    try {
      await broker.publish('inventory.counted', counted(shop, { quantity: 2 }));
      // Tried, tried again three times, then put back in the queue (and handed out again).
      await eventually(async () => (await ingested(server.url, 'inventory.counted', 'requeued')) >= 1, 45_000);
      expect(await metric(server.url, 'shopwire_ingest_retries_total', { type: 'inventory.counted' })).toBeGreaterThanOrEqual(3);
    } finally {
      blocker.exec('ROLLBACK');
      blocker.close();
    }
    await eventually(async () => (await stockOf(shop)).Beans === 2, 30_000);
    expect(await broker.deadLetterCount()).toBe(0);
    expect(await ingested(server.url, 'inventory.counted', 'applied')).toBe(1);
    expect(logs.entries.find((e) => e.msg === 'ingest: applying a message failed for now; trying again')).toMatchObject({ type: 'inventory.counted', attempt: 1, reason: expect.stringMatching(/SQLITE_BUSY/) as unknown });
    expect(logs.entries.find((e) => e.msg === 'ingest: message put back in the queue for later')).toMatchObject({ level: 40, reason: expect.stringMatching(/SQLITE_BUSY/) as unknown });
    expect(logs.entries.filter((e) => e.msg === 'ingest: message dead-lettered')).toEqual([]);
    // SQLite's busy timeout (5 s) is spent on each of the four attempts.
  }, 90_000);
});

describe('the broker going away', () => {
  it('is a log line and a metric; the consumer reconnects by itself and applies what was published meanwhile, each once', async () => {
    await using broker = await openTestBroker();
    await using relay = await openTcpProxy(AMQP_URL, 5672);
    const logs = captureLogs('info');
    await using server = await startTestServer(broker.env(relay.url), { logger: logs.logger });
    const products = Array.from({ length: 12 }, (_, i) => ({ name: `P${String(i).padStart(2, '0')}`, stock: 50 }));
    await using shop = await setupShop(server.url, products);
    expect(await health(server.url)).toMatchObject({ ingest: 'connected' });
    expect(await metric(server.url, 'shopwire_ingest_connected')).toBe(1);

    // Traffic: counts of the first six products, and the connection cut while they are being applied.
    for (let i = 0; i < 6; i++) await broker.publish('inventory.counted', counted(shop, { sku: `SKU-${i + 1}`, quantity: i }));
    await eventually(async () => (await ingested(server.url, 'inventory.counted', 'applied')) >= 1, 10_000);
    await relay.cut();
    await eventually(async () => (await health(server.url)).ingest === 'reconnecting');
    expect(await metric(server.url, 'shopwire_ingest_connected')).toBe(0);
    expect(await metric(server.url, 'shopwire_ingest_disconnects_total')).toBe(1);

    // Published while the server cannot reach the broker: they wait in the queue.
    for (let i = 6; i < 12; i++) await broker.publish('inventory.counted', counted(shop, { sku: `SKU-${i + 1}`, quantity: i }));
    await relay.restore();
    await eventually(async () => Object.values(await stockOf(shop)).every((stock, i) => stock === i), 30_000);

    expect(await health(server.url)).toMatchObject({ ingest: 'connected' });
    expect(await metric(server.url, 'shopwire_ingest_connected')).toBe(1);
    for (const product of shop.products) expect(await countMovements(shop, product.id), product.name).toHaveLength(1);
    // Each count once: applied, or recognised as applied when the broker handed it out again.
    expect(await ingested(server.url, 'inventory.counted', 'applied')).toBe(12);
    expect(await broker.deadLetterCount()).toBe(0);
    expect(logs.entries.find((e) => e.msg === 'ingest: lost the message broker; messages wait in the queue while it reconnects')).toMatchObject({ level: 40 });
    expect(logs.entries.find((e) => e.msg === 'ingest: message broker back; consuming again')).toMatchObject({ level: 30, downSeconds: expect.any(Number) as unknown });
  });

  it('a message applied whose ack never reached the broker comes again and is acked without being applied twice', async () => {
    await using broker = await openTestBroker();
    await using relay = await openTcpProxy(AMQP_URL, 5672);
    await using server = await startTestServer(broker.env(relay.url));
    await using shop = await setupShop(server.url, [
      { name: 'Beans', stock: 10 },
      { name: 'Mugs', stock: 10 },
    ]);
    relay.dropFromServer();
    await broker.publish('inventory.counted', counted(shop, { sku: 'SKU-1', quantity: 3 }));
    await broker.publish('inventory.counted', counted(shop, { sku: 'SKU-2', quantity: 4 }));
    // Committed and acked as far as the server knows; the broker never heard the acks.
    await eventually(async () => (await ingested(server.url, 'inventory.counted', 'applied')) === 2, 10_000);
    expect(await stockOf(shop)).toEqual({ Beans: 3, Mugs: 4 });

    await relay.cut();
    await relay.restore();
    await eventually(async () => (await ingested(server.url, 'inventory.counted', 'duplicate')) === 2, 30_000);
    expect(await stockOf(shop)).toEqual({ Beans: 3, Mugs: 4 });
    for (const product of shop.products) expect(await countMovements(shop, product.id)).toHaveLength(1);
    expect(await ingested(server.url, 'inventory.counted', 'applied')).toBe(2);
  });

  it.skipIf(!brokerCtl)('closed by the broker itself (rabbitmqctl close_connection), it reconnects and goes on', async () => {
    await using broker = await openTestBroker();
    await using server = await startTestServer(broker.env());
    await using shop = await setupShop(server.url, [{ name: 'Beans', stock: 10 }]);
    await broker.publish('inventory.counted', counted(shop, { quantity: 9 }));
    await eventually(async () => (await stockOf(shop)).Beans === 9, 10_000);

    await closeFromBroker(`shopwire ingest (${broker.queue})`);
    await eventually(async () => (await metric(server.url, 'shopwire_ingest_disconnects_total')) === 1, 10_000);
    await broker.publish('inventory.counted', counted(shop, { quantity: 4 }));
    await eventually(async () => (await stockOf(shop)).Beans === 4, 30_000);
    expect(await health(server.url)).toMatchObject({ ingest: 'connected' });
  });
});

describe('configuration', () => {
  it('unset: nothing of it starts', async () => {
    await using server = await startTestServer();
    expect(await health(server.url)).not.toHaveProperty('ingest');
    expect(await (await fetch(`${server.url}/metrics`)).text()).not.toContain('shopwire_ingest');
  });

  it('a broker that cannot be used stops the start at once, with one line saying why and no password', async () => {
    const closedPort = await freePort();
    const cases: [url: string, line: RegExp][] = [
      [`amqp://guest:secret-pass@127.0.0.1:${closedPort}`, new RegExp(`^Shopwire failed to start: INGEST_AMQP_URL: cannot use the message broker at amqp://guest@127.0.0.1:${closedPort}/?: connect ECONNREFUSED 127.0.0.1:${closedPort}$`)],
      [AMQP_URL.replace(/:[^:@/]*@/, ':secret-pass@'), /^Shopwire failed to start: INGEST_AMQP_URL: cannot use the message broker at .+: Handshake terminated by server: 403 \(ACCESS-REFUSED\)/],
      [`${AMQP_URL.replace(/\/$/, '')}/no-such-vhost`, /^Shopwire failed to start: INGEST_AMQP_URL: cannot use the message broker at .+\/no-such-vhost: the broker refused to open the connection \(does the virtual host/],
      ['http://secret-pass@example.test', /^Shopwire failed to start: Invalid environment:$/],
    ];
    for (const [url, line] of cases) {
      const { code, stdout, stderr } = await runServer({ INGEST_AMQP_URL: url });
      const lines = stderr.trimEnd().split('\n');
      expect(code, url).toBe(1);
      expect(lines[0], url).toMatch(line);
      // The config's own check lists each bad variable on a line of its own under its heading.
      expect(lines.slice(1), url).toEqual(url.startsWith('http') ? ['  INGEST_AMQP_URL: INGEST_AMQP_URL must be an amqp:// or amqps:// URL, like amqp://user:password@127.0.0.1:5672'] : []);
      expect(stderr + stdout).not.toContain('secret-pass');
      expect(stdout).not.toContain('Shopwire ready');
    }
  });

  it('a queue that exists with other settings stops the start with one line naming it', async () => {
    await using broker = await openTestBroker();
    await broker.declarePlainQueue();
    const { code, stderr } = await runServer(broker.env());
    expect(code).toBe(1);
    expect(stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(`^Shopwire failed to start: INGEST_EXCHANGE, INGEST_QUEUE: the broker at .+ refused to declare ${broker.exchange} and ${broker.queue} \\(one exists with other settings\\?\\): .*PRECONDITION.FAILED.*x-dead-letter-exchange`),
      ),
    ]);
  });
});

/** Runs `src/server/main.ts` as `npm start` would, to its exit. */
async function runServer(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'shopwire-ingest-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: { ...process.env, PORT: '0', DATABASE_PATH: join(dir, 'shop.sqlite'), SEED_DEMO: 'false', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  rmSync(dir, { recursive: true, force: true });
  return { code, stdout, stderr };
}

async function rabbitmqctlWorks(): Promise<boolean> {
  try {
    await run('rabbitmqctl', ['-q', 'list_connections', 'pid'], { timeout: 15_000 });
    return true;
  } catch {
    return false;
  }
}

/** Closes, from the broker's side, the connection that introduced itself by this name. */
async function closeFromBroker(connectionName: string): Promise<void> {
  // Plain output: its pids are the ones close_connection takes (the JSON formatter's are not).
  const { stdout } = await run('rabbitmqctl', ['-q', '--no-table-headers', 'list_connections', 'pid', 'client_properties'], { timeout: 15_000 });
  const line = stdout.split('\n').find((l) => l.includes(`{"connection_name","${connectionName}"}`));
  const pid = line?.split('\t')[0];
  if (!pid) throw new Error(`no connection named ${connectionName} in:\n${stdout}`);
  await run('rabbitmqctl', ['close_connection', pid, 'closed by the ingest test'], { timeout: 15_000 });
}
