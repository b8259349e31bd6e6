import { describe, expect, it } from 'vitest';
import type { DashboardEvent, OrderStreamEvent } from '../../src/shared/events.js';
import { orderNumber } from '../../src/shared/orderNumber.js';
import { createTestProvider, type PaymentProvider } from '../../src/server/payments/provider.js';
import { connect, errorCode } from '../support/clients.js';
import { shiftedClock } from '../support/clock.js';
import { setupShop } from '../support/fixtures.js';
import { sql } from 'kysely';
import type { Db } from '../../src/server/db/database.js';
import { expectRefusal, moneyState, rowOf, rowsOf } from '../support/rows.js';
import { startTestServer, testDir } from '../support/server.js';
import { collect, eventually } from '../support/subscriptions.js';

const MINUTE = 60_000;

/** What the log and the rows say of an order's release: each must be there exactly once. */
async function releaseRecord(db: Db, orderId: string, shopId: string) {
  const count = async (query: ReturnType<typeof sql<{ n: number }>>) => Number((await rowOf(db, query))?.n ?? 0);
  return {
    order: await rowOf(db, sql`select status, payment_status, pay_by from orders where id = ${orderId}`),
    cancelEvents: await count(sql`select count(*) as n from events where topic = ${`shop:${shopId}`} and type = 'order_status_changed' and payload like ${'%"cancelled"%'}`),
    orderStream: await count(sql`select count(*) as n from events where topic = ${`order:${orderId}`} and payload like ${'%"cancelled"%'}`),
    restocks: await count(sql`select count(*) as n from stock_movements where order_id = ${orderId} and kind = 'cancel'`),
    notices: await count(sql`select count(*) as n from notifications where title = ${`Order ${orderNumber(orderId)} cancelled`}`),
  };
}

describe('unpaid orders (UNPAID_ORDER_MINUTES)', () => {
  it('release their stock when due: cancelled with the usual events and a notice, once; paid orders and orders still in time stay', async () => {
    const clock = shiftedClock();
    await using server = await startTestServer({ UNPAID_ORDER_MINUTES: '30' }, { clock });
    await using shop = await setupShop(server.url, [{ name: 'Beans', stock: 10 }]);
    const productId = shop.products[0]?.id ?? '';
    const place = (quantity: number) => shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId, quantity }] });
    const unpaid = await place(2);
    const declined = await place(1);
    await shop.buyer.api.order.pay.mutate({ orderId: declined.id, paymentMethod: 'pm_card_declined', idempotencyKey: 'k-declined' });
    const paid = await place(3);
    await shop.buyer.api.order.pay.mutate({ orderId: paid.id, paymentMethod: 'pm_card_visa', idempotencyKey: 'k-paid' });
    const dueAt = await rowOf<{ pay_by: number }>(server.app.deps.db, sql`select pay_by from orders where id = ${unpaid.id}`);
    expect(Number(dueAt?.pay_by)).toBe(unpaid.createdAt.getTime() + 30 * MINUTE);

    clock.advance(29 * MINUTE);
    const later = await place(1);
    const { cursor } = await shop.seller.api.dashboard.stats.query({ shopId: shop.shopId });
    const dash = collect<DashboardEvent>((h) => shop.seller.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId, lastEventId: cursor }, h));
    const stream = collect<OrderStreamEvent>((h) => shop.buyer.api.order.onOrderStatus.subscribe({ orderId: unpaid.id, lastEventId: cursor }, h));
    server.app.deps.dueWork.poke();
    expect((await shop.seller.api.order.get.query({ orderId: unpaid.id })).status).toBe('pending');

    clock.advance(2 * MINUTE);
    server.app.deps.dueWork.poke();
    // Each release is its own transaction (on PostgreSQL they may commit in either order).
    const statusOf = async (orderId: string) => (await shop.buyer.api.order.get.query({ orderId })).status;
    await eventually(async () => (await statusOf(declined.id)) === 'cancelled' && (await statusOf(unpaid.id)) === 'cancelled');
    expect((await shop.buyer.api.order.get.query({ orderId: paid.id })).status).toBe('pending');
    expect((await shop.buyer.api.order.get.query({ orderId: later.id })).status).toBe('pending');
    // 10 - 2 - 1 - 3 - 1, then the two released orders' 3 back.
    expect((await shop.buyer.api.product.list.query({ shopId: shop.shopId }))[0]?.stock).toBe(6);

    const changes = () => dash.events.filter((e) => e.data.type === 'order_status_changed').map((e) => e.data);
    await eventually(() => changes().length === 2);
    expect(changes()).toHaveLength(2);
    expect(changes()).toEqual(
      expect.arrayContaining([
        { type: 'order_status_changed', orderId: unpaid.id, status: 'cancelled', previousStatus: 'pending', by: 'system' },
        { type: 'order_status_changed', orderId: declined.id, status: 'cancelled', previousStatus: 'pending', by: 'system' },
      ]) as unknown,
    );
    expect((await stream.waitFor(1))[0]?.data).toMatchObject({ orderId: unpaid.id, status: 'cancelled', previousStatus: 'pending' });
    const notice = (await shop.buyer.api.notification.list.query({})).items.find((n) => n.title === `Order ${orderNumber(unpaid.id)} cancelled`);
    expect(notice?.body).toMatch(/was not paid within 30 minutes, so it was cancelled and its items went back on sale/);

    server.app.deps.dueWork.poke();
    await eventually(() => server.app.deps.commits.pending() === 0);
    expect(await releaseRecord(server.app.deps.db, unpaid.id, shop.shopId)).toEqual({
      order: { status: 'cancelled', payment_status: 'unpaid', pay_by: null },
      cancelEvents: 2,
      orderStream: 1,
      restocks: 1,
      notices: 1,
    });
    await expectRefusal(
      shop.buyer.api.order.pay.mutate({ orderId: unpaid.id, paymentMethod: 'pm_card_visa', idempotencyKey: 'too-late' }),
      'CONFLICT',
      /was cancelled; it can no longer be paid/,
    );
    dash.unsubscribe();
    stream.unsubscribe();
  });

  it('are released exactly once by a server started after their deadline, the due work being in the database', async () => {
    using folder = testDir();
    const clock = shiftedClock();
    let orderId: string;
    let shopId: string;
    let buyerToken: string;
    {
      await using first = await startTestServer({ UNPAID_ORDER_MINUTES: '30' }, { clock, dir: folder.dir });
      await using shop = await setupShop(first.url, [{ name: 'Beans', stock: 5 }]);
      const order = await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: shop.products[0]?.id ?? '', quantity: 4 }] });
      ({ id: orderId } = order);
      ({ shopId, buyerToken } = shop);
    }
    // The server was down through the deadline.
    clock.advance(45 * MINUTE);
    {
      await using second = await startTestServer({ UNPAID_ORDER_MINUTES: '30' }, { clock, dir: folder.dir });
      await eventually(async () => ((await releaseRecord(second.app.deps.db, orderId, shopId)).order as { status: string }).status === 'cancelled');
      await eventually(() => second.app.deps.commits.pending() === 0);
      await using buyer = connect(second.url, buyerToken);
      expect((await buyer.api.product.list.query({ shopId }))[0]?.stock).toBe(5);
    }
    {
      // A third start finds nothing left to do.
      await using third = await startTestServer({ UNPAID_ORDER_MINUTES: '30' }, { clock, dir: folder.dir });
      third.app.deps.dueWork.poke();
      await eventually(() => third.app.deps.commits.pending() === 0);
      expect(await releaseRecord(third.app.deps.db, orderId, shopId)).toEqual({
        order: { status: 'cancelled', payment_status: 'unpaid', pay_by: null },
        cancelEvents: 1,
        orderStream: 1,
        restocks: 1,
        notices: 1,
      });
    }
  });
});

/** The test provider, except that while `down` every call fails as a network error would. */
function flakyProvider(): PaymentProvider & { down: boolean; calls: number } {
  const inner = createTestProvider();
  const flaky = {
    name: inner.name,
    down: true,
    calls: 0,
    charge: (request: Parameters<PaymentProvider['charge']>[0]) => {
      flaky.calls++;
      return flaky.down ? Promise.reject(new Error('connect ETIMEDOUT')) : inner.charge(request);
    },
    refund: (request: Parameters<PaymentProvider['refund']>[0]) => (flaky.down ? Promise.reject(new Error('connect ETIMEDOUT')) : inner.refund(request)),
  };
  return flaky;
}

describe('a payment whose outcome is unknown (the provider did not answer, or the server stopped mid-payment)', () => {
  it('stays pending: the order is neither released nor cancellable meanwhile; the recovery task settles it later with the same key', async () => {
    const clock = shiftedClock();
    const provider = flakyProvider();
    await using server = await startTestServer({ UNPAID_ORDER_MINUTES: '30' }, { clock, paymentProvider: provider });
    await using shop = await setupShop(server.url, [{ name: 'Beans', stock: 5 }]);
    const order = await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: shop.products[0]?.id ?? '', quantity: 1 }] });
    const input = { orderId: order.id, paymentMethod: 'pm_card_visa', idempotencyKey: 'k-1' };
    await expectRefusal(shop.buyer.api.order.pay.mutate(input), 'SERVICE_UNAVAILABLE', /did not answer\. Nothing was lost/, 'provider_unavailable');
    const pending = await rowsOf<{ status: string; retry_at: number; created_at: number }>(server.app.deps.db, sql`select status, retry_at, created_at from payments where order_id = ${order.id}`);
    expect(pending.map((p) => [p.status, Number(p.retry_at) - Number(p.created_at)])).toEqual([['pending', 60_000]]);

    const before = await moneyState(server.app.deps.db);
    await expectRefusal(shop.buyer.api.order.cancelMine.mutate({ orderId: order.id }), 'CONFLICT', /being processed: cancel it once its outcome is in/, 'payment_in_progress');
    await expectRefusal(shop.buyer.api.order.pay.mutate({ ...input, idempotencyKey: 'k-2' }), 'CONFLICT', /being processed/, 'payment_in_progress');
    // Past the deadline, the release skips it: its charge may yet succeed. The same pass asks the provider again
    // (the step is past its retry time too), gets no answer, and sets the next try a minute on.
    const retryAt = async () => Number((await rowOf<{ retry_at: number }>(server.app.deps.db, sql`select retry_at from payments where order_id = ${order.id}`))?.retry_at);
    const firstRetry = await retryAt();
    clock.advance(31 * MINUTE);
    server.app.deps.dueWork.poke();
    await eventually(async () => (await retryAt()) > firstRetry);
    expect(await retryAt()).toBeGreaterThanOrEqual(order.createdAt.getTime() + 32 * MINUTE);
    const after = await moneyState(server.app.deps.db);
    expect({ ...after, payments: after.payments.map((p) => ({ ...(p as object), retry_at: null })) }).toEqual({
      ...before,
      payments: before.payments.map((p) => ({ ...(p as object), retry_at: null })),
    });
    expect((await shop.buyer.api.order.get.query({ orderId: order.id })).status).toBe('pending');

    // The provider is back: at the next try the recovery task asks again with the same key.
    provider.down = false;
    clock.advance(2 * MINUTE);
    server.app.deps.dueWork.poke();
    await eventually(async () => (await shop.buyer.api.order.get.query({ orderId: order.id })).payment.status === 'paid');
    expect((await shop.buyer.api.order.pay.mutate(input)).payment).toEqual({ status: 'paid', paidCents: order.totalCents, refundedCents: 0, declineReason: null });
    expect(await rowsOf(server.app.deps.db, sql`select status, retry_at from payments where order_id = ${order.id}`)).toEqual([{ status: 'succeeded', retry_at: null }]);
    // Paid in the end, so the release never takes it.
    server.app.deps.dueWork.poke();
    await eventually(() => server.app.deps.commits.pending() === 0);
    expect((await shop.buyer.api.order.get.query({ orderId: order.id })).status).toBe('pending');
    expect(await errorCode(shop.buyer.api.order.pay.mutate({ ...input, idempotencyKey: 'k-3' }))).toBe('CONFLICT');
  });

  it('after a restart, a charge recorded as pending is settled by the next server, once', async () => {
    using folder = testDir();
    const clock = shiftedClock();
    const provider = flakyProvider();
    let orderId = '';
    {
      await using first = await startTestServer({}, { clock, dir: folder.dir, paymentProvider: provider });
      await using shop = await setupShop(first.url, [{ name: 'Beans', stock: 5 }]);
      orderId = (await shop.buyer.api.order.place.mutate({ shopId: shop.shopId, items: [{ productId: shop.products[0]?.id ?? '', quantity: 1 }] })).id;
      expect(await errorCode(shop.buyer.api.order.pay.mutate({ orderId, paymentMethod: 'pm_card_visa', idempotencyKey: 'k' }))).toBe('SERVICE_UNAVAILABLE');
    }
    provider.down = false;
    clock.advance(2 * MINUTE);
    await using second = await startTestServer({}, { clock, dir: folder.dir, paymentProvider: provider });
    const db = second.app.deps.db;
    await eventually(async () => (await rowOf<{ payment_status: string }>(db, sql`select payment_status from orders where id = ${orderId}`))?.payment_status === 'paid');
    await eventually(() => second.app.deps.commits.pending() === 0);
    expect(Number((await rowOf<{ n: number }>(db, sql`select count(*) as n from events where type = 'payment_received'`))?.n)).toBe(3);
  });
});
