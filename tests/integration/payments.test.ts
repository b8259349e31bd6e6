import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardEvent, OrderStreamEvent } from '../../src/shared/events.js';
import type { UserEvent } from '../../src/shared/notification.js';
import { orderNumber } from '../../src/shared/orderNumber.js';
import { createTestProvider } from '../../src/server/payments/provider.js';
import { connect, errorCode, registerBuyer, type Api } from '../support/clients.js';
import { sql } from 'kysely';
import { expectRefusal, moneyState, rowOf, rowsOf } from '../support/rows.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { collect } from '../support/subscriptions.js';
import { setupTeam, type TeamFixture } from '../support/team.js';

const provider = createTestProvider();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({}, { paymentProvider: provider });
});
afterAll(async () => {
  await server[Symbol.asyncDispose]();
});

const products = [
  { name: 'Beans', priceCents: 1250, costCents: 500, stock: 20 },
  { name: 'Filter', priceCents: 399, costCents: 100, stock: 20 },
];

let keys = 0;
const key = () => `key-${Date.now()}-${keys++}`;

/** An order of 2 Beans and 3 Filters: 2 × 1250 + 3 × 399 = 3697 cents. */
async function placeOrder(shop: TeamFixture, api: Api = shop.buyer.api) {
  const [beans, filter] = shop.products;
  return api.order.place.mutate({
    shopId: shop.shopId,
    items: [
      { productId: beans?.id ?? '', quantity: 2 },
      { productId: filter?.id ?? '', quantity: 3 },
    ],
  });
}
const TOTAL = 2 * 1250 + 3 * 399;

/** Charges and refunds the provider made for an order's payment rows. */
async function providerMoves(orderId: string) {
  const ids = new Set((await rowsOf<{ id: string }>(server.app.deps.db, sql`select id from payments where order_id = ${orderId}`)).map((r) => r.id));
  return provider.ledger().filter((move) => ids.has(move.idempotencyKey));
}

/** The order's money as its rows have it: the order's columns, and the sums of its succeeded payment rows. */
async function moneyRows(orderId: string) {
  const db = server.app.deps.db;
  const cents = async (query: ReturnType<typeof sql<{ cents: number }>>) => Number((await rowOf(db, query))?.cents ?? 0);
  return {
    order: (await rowOf(db, sql<{
      total_cents: number;
      payment_status: string;
      paid_cents: number;
      refunded_cents: number;
      decline_reason: string | null;
      pay_by: number | null;
    }>`select total_cents, payment_status, paid_cents, refunded_cents, decline_reason, pay_by from orders where id = ${orderId}`)) ?? null,
    lines: await cents(sql`select sum(quantity * price_cents) as cents from order_items where order_id = ${orderId}`),
    charged: await cents(sql`select coalesce(sum(amount_cents), 0) as cents from payments where order_id = ${orderId} and kind = 'charge' and status = 'succeeded'`),
    refunded: await cents(sql`select coalesce(sum(amount_cents), 0) as cents from payments where order_id = ${orderId} and kind = 'refund' and status = 'succeeded'`),
    rows: await rowsOf(db, sql`select kind, status, amount_cents, decline_reason from payments where order_id = ${orderId} order by created_at, id`),
  };
}

describe('order.pay', () => {
  it('charges a good card once: the order is paid, its sums match the rows, and the shop, the order stream, My orders and the buyer hear it', async () => {
    await using shop = await setupTeam(server.url, products);
    const order = await placeOrder(shop);
    expect(order.payment).toEqual({ status: 'unpaid', paidCents: 0, refundedCents: 0, declineReason: null });
    const { cursor } = await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId });
    const ownerDash = collect<DashboardEvent>((h) => shop.seller.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId, lastEventId: cursor }, h));
    const staffDash = collect<DashboardEvent>((h) => shop.staff.client.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId, lastEventId: cursor }, h));
    const buyerOrder = collect<OrderStreamEvent>((h) => shop.buyer.api.order.onOrderStatus.subscribe({ orderId: order.id, lastEventId: '0' }, h));
    const staffOrder = collect<OrderStreamEvent>((h) => shop.staff.client.api.order.onOrderStatus.subscribe({ orderId: order.id, lastEventId: '0' }, h));
    const mine = collect<OrderStreamEvent>((h) => shop.buyer.api.order.onMyOrders.subscribe({ lastEventId: cursor }, h));
    const notes = collect<UserEvent>((h) => shop.buyer.api.notification.onNotification.subscribe({ lastEventId: cursor }, h));

    const paid = await shop.buyer.api.order.pay.mutate({ orderId: order.id, paymentMethod: 'pm_card_visa', idempotencyKey: key() });
    const payment = { status: 'paid', paidCents: TOTAL, refundedCents: 0, declineReason: null };
    expect(paid).toEqual({ ...order, payment });
    expect(await shop.buyer.api.order.get.query({ orderId: order.id })).toEqual(paid);

    const rows = await moneyRows(order.id);
    expect(rows.order).toMatchObject({ total_cents: TOTAL, payment_status: 'paid', paid_cents: TOTAL, refunded_cents: 0, pay_by: null });
    expect(rows.lines).toBe(TOTAL);
    expect(rows.charged).toBe(TOTAL);
    expect(rows.rows).toEqual([{ kind: 'charge', status: 'succeeded', amount_cents: TOTAL, decline_reason: null }]);
    expect(await providerMoves(order.id)).toMatchObject([{ kind: 'charge', amountCents: TOTAL }]);

    const received = { type: 'payment_received', orderId: order.id, amountCents: TOTAL, payment };
    expect((await ownerDash.waitFor(1)).map((e) => e.data)).toEqual([received]);
    expect((await staffDash.waitFor(1)).map((e) => e.data)).toEqual([{ ...received, amountCents: null, payment: { ...payment, paidCents: null, refundedCents: null } }]);
    const [, heard] = await buyerOrder.waitFor(2);
    expect(heard?.data).toEqual({ ...received, at: expect.any(Date) as Date });
    expect((await staffOrder.waitFor(2))[1]?.data).toMatchObject({ type: 'payment_received', amountCents: null, payment: { status: 'paid', paidCents: null } });
    expect((await mine.waitFor(1))[0]?.data).toEqual(heard?.data);
    const [note] = await notes.waitFor(1);
    expect(note?.data).toMatchObject({ type: 'notification', notification: { kind: 'payment', title: `Payment received for order ${orderNumber(order.id)}`, link: '/orders' } });
    for (const stream of [ownerDash, staffDash, buyerOrder, staffOrder, mine, notes]) stream.unsubscribe();
  });

  it('answers a declined card with the order, payment failed and the reason; another card with a new key then pays it', async () => {
    await using shop = await setupTeam(server.url, products);
    const order = await placeOrder(shop);
    const { cursor } = await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId });
    const dash = collect<DashboardEvent>((h) => shop.seller.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId, lastEventId: cursor }, h));

    const declined = await shop.buyer.api.order.pay.mutate({ orderId: order.id, paymentMethod: 'pm_card_declined', idempotencyKey: key() });
    expect(declined.payment).toEqual({ status: 'failed', paidCents: 0, refundedCents: 0, declineReason: 'Your card was declined.' });
    expect(declined.status).toBe('pending');
    const retried = await shop.buyer.api.order.pay.mutate({ orderId: order.id, paymentMethod: 'pm_card_visa', idempotencyKey: key() });
    expect(retried.payment).toEqual({ status: 'paid', paidCents: TOTAL, refundedCents: 0, declineReason: null });

    expect((await dash.waitFor(2)).map((e) => e.data)).toEqual([
      { type: 'payment_failed', orderId: order.id, amountCents: TOTAL, payment: declined.payment },
      { type: 'payment_received', orderId: order.id, amountCents: TOTAL, payment: retried.payment },
    ]);
    const rows = await moneyRows(order.id);
    expect(rows.rows).toEqual([
      { kind: 'charge', status: 'failed', amount_cents: TOTAL, decline_reason: 'Your card was declined.' },
      { kind: 'charge', status: 'succeeded', amount_cents: TOTAL, decline_reason: null },
    ]);
    expect(rows.charged).toBe(rows.order?.paid_cents);
    expect((await providerMoves(order.id)).filter((m) => m.kind === 'charge')).toHaveLength(1);
    const titles = (await shop.buyer.api.notification.list.query({})).items.map((n) => [n.kind, n.title]);
    expect(titles.slice(0, 2)).toEqual([
      ['payment', `Payment received for order ${orderNumber(order.id)}`],
      ['payment', `Payment declined for order ${orderNumber(order.id)}`],
    ]);
    dash.unsubscribe();
  });

  it('gives a retried key the first outcome and never charges twice, even for ten concurrent retries on separate connections', async () => {
    await using shop = await setupTeam(server.url, products);
    const order = await placeOrder(shop);
    const input = { orderId: order.id, paymentMethod: 'pm_card_visa', idempotencyKey: key() };
    const clients = Array.from({ length: 10 }, () => connect(server.url, shop.buyerToken));
    try {
      const answers = await Promise.all(clients.map((c) => c.api.order.pay.mutate(input)));
      for (const answer of answers) expect(answer.payment).toEqual({ status: 'paid', paidCents: TOTAL, refundedCents: 0, declineReason: null });
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
    const again = await shop.buyer.api.order.pay.mutate(input);
    expect(again.payment.status).toBe('paid');
    expect((await moneyRows(order.id)).rows).toEqual([{ kind: 'charge', status: 'succeeded', amount_cents: TOTAL, decline_reason: null }]);
    expect(await providerMoves(order.id)).toHaveLength(1);
    const received = await rowOf<{ n: number }>(server.app.deps.db, sql`select count(*) as n from events where type = 'payment_received' and topic = ${`shop:${shop.shopId}`}`);
    expect(Number(received?.n)).toBe(1);

    // A declined attempt's key keeps its outcome too, even after the order was paid with another.
    const second = await placeOrder(shop);
    const declinedKey = { orderId: second.id, paymentMethod: 'pm_card_declined', idempotencyKey: key() };
    expect((await shop.buyer.api.order.pay.mutate(declinedKey)).payment.status).toBe('failed');
    expect((await shop.buyer.api.order.pay.mutate(declinedKey)).payment.status).toBe('failed');
    expect((await moneyRows(second.id)).rows).toHaveLength(1);
  });

  it('refuses a new key on a paid order, a reused key with another card, a cancelled or foreign order, sellers and strangers; nothing changes', async () => {
    await using shop = await setupTeam(server.url, products);
    const paidOrder = await placeOrder(shop);
    const firstKey = key();
    await shop.buyer.api.order.pay.mutate({ orderId: paidOrder.id, paymentMethod: 'pm_card_visa', idempotencyKey: firstKey });
    const cancelled = await placeOrder(shop);
    await shop.buyer.api.order.cancelMine.mutate({ orderId: cancelled.id });
    const other = await registerBuyer(shop.buyer.api);
    await using stranger = connect(server.url, other.token);
    await using anon = connect(server.url);
    const before = await moneyState(server.app.deps.db);

    const pay = (api: Api, orderId: string, paymentMethod = 'pm_card_visa', idempotencyKey = key()) => api.order.pay.mutate({ orderId, paymentMethod, idempotencyKey });
    await expectRefusal(pay(shop.buyer.api, paidOrder.id), 'CONFLICT', /is already paid/, 'order_already_paid');
    await expectRefusal(pay(shop.buyer.api, paidOrder.id, 'pm_card_declined', firstKey), 'BAD_REQUEST', /already used on this order with another payment method/, 'idempotency_key_reused');
    await expectRefusal(pay(shop.buyer.api, cancelled.id), 'CONFLICT', /was cancelled; it can no longer be paid/, 'order_cancelled');
    await expectRefusal(pay(stranger.api, cancelled.id), 'FORBIDDEN', /not your order/);
    await expectRefusal(pay(shop.buyer.api, 'no-such-order'), 'NOT_FOUND', /Order not found/);
    await expectRefusal(pay(shop.seller.api, paidOrder.id), 'FORBIDDEN', /Only buyers/);
    expect(await errorCode(pay(anon.api, paidOrder.id))).toBe('UNAUTHORIZED');
    expect(await errorCode(pay(shop.buyer.api, paidOrder.id, ''))).toBe('BAD_REQUEST');
    expect(await errorCode(pay(shop.buyer.api, paidOrder.id, '4242 4242 4242 4242'))).toBe('BAD_REQUEST');
    expect(await errorCode(pay(shop.buyer.api, paidOrder.id, 'pm_card_visa', ''))).toBe('BAD_REQUEST');
    expect(await errorCode(shop.buyer.api.order.pay.mutate({ orderId: paidOrder.id, paymentMethod: 'pm_card_visa' } as never))).toBe('BAD_REQUEST');
    expect(await moneyState(server.app.deps.db)).toEqual(before);
  });

  it('does not change what the dashboard counts as revenue: placed orders count whether paid or not', async () => {
    await using shop = await setupTeam(server.url, products);
    const order = await placeOrder(shop);
    const before = await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId });
    await shop.buyer.api.order.pay.mutate({ orderId: order.id, paymentMethod: 'pm_card_visa', idempotencyKey: key() });
    const after = await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId });
    expect({ ...after, cursor: before.cursor }).toEqual(before);
    expect(after).toMatchObject({ orderCount: 1, revenueCents: TOTAL, refundedCents: 0 });
  });
});

describe('order.refund', () => {
  it('refunds part (a manager), then the rest by default (the owner): sums match the rows, the buyer and the other money-seeing members are told', async () => {
    await using shop = await setupTeam(server.url, products);
    const order = await placeOrder(shop);
    await shop.buyer.api.order.pay.mutate({ orderId: order.id, paymentMethod: 'pm_card_visa', idempotencyKey: key() });
    const { cursor } = await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId });
    const dash = collect<DashboardEvent>((h) => shop.seller.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId, lastEventId: cursor }, h));
    const orderStream = collect<OrderStreamEvent>((h) => shop.buyer.api.order.onOrderStatus.subscribe({ orderId: order.id, lastEventId: cursor }, h));

    const partial = await shop.manager.client.api.order.refund.mutate({ orderId: order.id, amountCents: 1000, reason: 'one bag arrived torn' });
    expect(partial.payment).toEqual({ status: 'partially_refunded', paidCents: TOTAL, refundedCents: 1000, declineReason: null });
    const rest = await shop.seller.api.order.refund.mutate({ orderId: order.id, reason: 'goodwill' });
    expect(rest.payment).toEqual({ status: 'refunded', paidCents: TOTAL, refundedCents: TOTAL, declineReason: null });
    expect(rest.status).toBe('pending');

    expect((await dash.waitFor(2)).map((e) => e.data)).toEqual([
      { type: 'payment_refunded', orderId: order.id, amountCents: 1000, payment: partial.payment },
      { type: 'payment_refunded', orderId: order.id, amountCents: TOTAL - 1000, payment: rest.payment },
    ]);
    expect((await orderStream.waitFor(2)).map((e) => e.data)).toMatchObject([
      { type: 'payment_refunded', amountCents: 1000 },
      { type: 'payment_refunded', amountCents: TOTAL - 1000 },
    ]);
    const rows = await moneyRows(order.id);
    expect(rows.refunded).toBe(TOTAL);
    expect(rows.order).toMatchObject({ payment_status: 'refunded', paid_cents: rows.charged, refunded_cents: rows.refunded });
    expect((await providerMoves(order.id)).filter((m) => m.kind === 'refund').map((m) => m.amountCents)).toEqual([1000, TOTAL - 1000]);

    const buyerNotes = (await shop.buyer.api.notification.list.query({})).items.filter((n) => n.kind === 'payment').map((n) => n.body);
    expect(buyerNotes[0]).toMatch(/\$26\.97 of your order .* was refunded \(goodwill\)/);
    expect(buyerNotes[1]).toMatch(/\$10\.00 of your order .* was refunded \(one bag arrived torn\)/);
    // Whoever refunds knows; the other owners and managers are told; staff see no money.
    const refundTitles = async (api: Api) => (await api.notification.list.query({})).items.filter((n) => n.kind === 'payment').map((n) => n.title);
    expect(await refundTitles(shop.seller.api)).toEqual([`Refunded $10.00 on order ${orderNumber(order.id)}`]);
    expect(await refundTitles(shop.manager.client.api)).toEqual([`Refunded $26.97 on order ${orderNumber(order.id)}`]);
    expect(await refundTitles(shop.staff.client.api)).toEqual([]);

    const stats = await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId });
    const refundedRows = await rowOf<{ cents: number }>(server.app.deps.db, sql`select sum(refunded_cents) as cents from orders where shop_id = ${shop.shopId}`);
    expect(Number(refundedRows?.cents)).toBe(TOTAL);
    expect(stats).toMatchObject({ refundedCents: TOTAL, revenueCents: TOTAL, orderCount: 1 });
    expect((await shop.staff.client.api.dashboard.stats.query({ shopId: shop.shopId })).refundedCents).toBeNull();
    // For a period: the refunds made within it, by when they were made.
    const hour = 3_600_000;
    const around = { from: new Date(Date.now() - hour), to: new Date(Date.now() + hour) };
    const before = { from: new Date(Date.now() - 3 * 24 * hour), to: new Date(Date.now() - 2 * 24 * hour) };
    expect((await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId, ...around })).refundedCents).toBe(TOTAL);
    expect((await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId, ...before })).refundedCents).toBe(0);
    dash.unsubscribe();
    orderStream.unsubscribe();
  });

  it('refuses staff, buyers and other shops, unpaid orders, negative, zero and excessive amounts and a second full refund; nothing changes', async () => {
    await using shop = await setupTeam(server.url, products);
    const paid = await placeOrder(shop);
    await shop.buyer.api.order.pay.mutate({ orderId: paid.id, paymentMethod: 'pm_card_visa', idempotencyKey: key() });
    const unpaid = await placeOrder(shop);
    const refunded = await placeOrder(shop);
    await shop.buyer.api.order.pay.mutate({ orderId: refunded.id, paymentMethod: 'pm_card_visa', idempotencyKey: key() });
    await shop.seller.api.order.refund.mutate({ orderId: refunded.id, reason: 'all of it' });
    const before = await moneyState(server.app.deps.db);

    const refund = (api: Api, orderId: string, amountCents?: number) => api.order.refund.mutate({ orderId, reason: 'test', ...(amountCents === undefined ? {} : { amountCents }) });
    await expectRefusal(refund(shop.staff.client.api, paid.id), 'FORBIDDEN', /owners and managers can refund/);
    await expectRefusal(refund(shop.outsider.client.api, paid.id), 'FORBIDDEN', /not a member/);
    await expectRefusal(refund(shop.buyer.api, paid.id), 'FORBIDDEN', /Only sellers/);
    await expectRefusal(refund(shop.seller.api, unpaid.id), 'CONFLICT', /has not been paid: there is nothing to refund/, 'order_not_paid');
    await expectRefusal(refund(shop.seller.api, refunded.id), 'CONFLICT', /is already fully refunded/, 'order_fully_refunded');
    await expectRefusal(refund(shop.seller.api, paid.id, TOTAL + 1), 'BAD_REQUEST', /At most \$36\.97 of order .* can still be refunded, not \$36\.98/, 'refund_too_large');
    await expectRefusal(refund(shop.seller.api, 'no-such-order'), 'NOT_FOUND', /Order not found/);
    expect(await errorCode(refund(shop.seller.api, paid.id, -100))).toBe('BAD_REQUEST');
    expect(await errorCode(refund(shop.seller.api, paid.id, 0))).toBe('BAD_REQUEST');
    expect(await errorCode(refund(shop.seller.api, paid.id, 10.5))).toBe('BAD_REQUEST');
    expect(await errorCode(shop.seller.api.order.refund.mutate({ orderId: paid.id, reason: '  ' }))).toBe('BAD_REQUEST');
    expect(await moneyState(server.app.deps.db)).toEqual(before);
  });
});

describe('cancelling a paid order', () => {
  it('refunds it in full, with the stock back, whether the shop or the buyer cancels; staff may not (it moves money)', async () => {
    await using shop = await setupTeam(server.url, products);
    const bySeller = await placeOrder(shop);
    await shop.buyer.api.order.pay.mutate({ orderId: bySeller.id, paymentMethod: 'pm_card_visa', idempotencyKey: key() });
    const byStaff = await placeOrder(shop);
    await shop.buyer.api.order.pay.mutate({ orderId: byStaff.id, paymentMethod: 'pm_card_visa', idempotencyKey: key() });
    const before = await moneyState(server.app.deps.db);
    await expectRefusal(shop.staff.client.api.order.updateStatus.mutate({ orderId: byStaff.id, status: 'cancelled' }), 'FORBIDDEN', /only the shop's owners and managers can cancel it/);
    expect(await moneyState(server.app.deps.db)).toEqual(before);

    const { cursor } = await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId });
    const dash = collect<DashboardEvent>((h) => shop.seller.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId, lastEventId: cursor }, h));
    await shop.seller.api.order.updateStatus.mutate({ orderId: bySeller.id, status: 'confirmed' });
    const cancelled = await shop.seller.api.order.updateStatus.mutate({ orderId: bySeller.id, status: 'cancelled' });
    expect(cancelled).toMatchObject({ status: 'cancelled', payment: { status: 'refunded', paidCents: TOTAL, refundedCents: TOTAL } });
    // The cancellation (status, stock back) commits first; the refund is its own step after the provider answers.
    expect((await dash.waitFor(6)).map((e) => e.data.type)).toEqual([
      'order_status_changed',
      'order_status_changed',
      'inventory_update',
      'stock_movement',
      'stock_movement',
      'payment_refunded',
    ]);
    expect(await moneyRows(bySeller.id)).toMatchObject({ refunded: TOTAL, order: { refunded_cents: TOTAL, payment_status: 'refunded' } });

    const byBuyer = await shop.buyer.api.order.cancelMine.mutate({ orderId: byStaff.id });
    expect(byBuyer).toMatchObject({ status: 'cancelled', payment: { status: 'refunded', refundedCents: TOTAL } });
    const stock = (await shop.seller.api.product.list.query({ shopId: shop.shopId })).map((p) => p.stock);
    expect(stock).toEqual([20, 20]);
    const refunds = await rowsOf(server.app.deps.db, sql`select reason, created_by from payments where kind = 'refund' and order_id in (${bySeller.id}, ${byStaff.id}) order by created_at`);
    expect(refunds).toEqual([
      { reason: 'order cancelled', created_by: (await shop.seller.api.auth.me.query()).id },
      { reason: 'order cancelled', created_by: shop.buyerId },
    ]);
    dash.unsubscribe();
  });
});
