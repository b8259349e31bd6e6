import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingStatusEvent } from '../../src/shared/bookings.js';
import type { DashboardEvent } from '../../src/shared/events.js';
import type { UserEvent } from '../../src/shared/notification.js';
import { codeOf, connect, connectSse, errorCode, registerBuyer, zodIssues, type Api, type TestClient } from '../support/clients.js';
import { manualClock } from '../support/clock.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { collect, eventually } from '../support/subscriptions.js';
import { setupTeam, type TeamFixture } from '../support/team.js';

const HOUR = 3_600_000;
/** Midnight UTC two days from now: every slot below is on that day, the server's clock stands at 06:00 of it. */
const DAY = Math.floor(Date.now() / 86_400_000) * 86_400_000 + 2 * 86_400_000;
const at = (hours: number, minutes = 0) => new Date(DAY + hours * HOUR + minutes * 60_000);

const clock = manualClock(at(6));
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({}, { clock });
});
afterAll(async () => {
  await server[Symbol.asyncDispose]();
});

async function failure(call: Promise<unknown>): Promise<{ code: string | undefined; message: string; reason: unknown }> {
  try {
    await call;
  } catch (error) {
    return { code: codeOf(error), message: (error as Error).message, reason: reasonOf(error) };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** `data.reason`: which cause of its code a refusal is (clients title their message by it). */
const reasonOf = (error: unknown): unknown => (error instanceof TRPCClientError ? (error.data as { reason?: unknown } | undefined)?.reason : undefined);

async function expectRefusal(call: Promise<unknown>, code: string, pattern: RegExp, reason?: string): Promise<void> {
  const { code: actual, message, reason: actualReason } = await failure(call);
  expect(actual).toBe(code);
  expect(message).toMatch(pattern);
  if (reason !== undefined) expect(actualReason).toBe(reason);
}

/** A team whose shop offers a one-hour Haircut at $30.00. */
async function withService(): Promise<TeamFixture & { serviceId: string }> {
  const shop = await setupTeam(server.url, []);
  const service = await shop.manager.client.api.service.create.mutate({ shopId: shop.shopId, name: 'Haircut', durationMinutes: 60, priceCents: 3000 });
  return Object.assign(shop, { serviceId: service.id });
}

/** What a refused call must not change: the shop's bookings that day, its services, and the event log. */
async function stateOf(api: Api, shopId: string) {
  const [bookings, services] = await Promise.all([api.booking.listForShop.query({ shopId, from: at(0), to: at(24) }), api.service.list.query({ shopId })]);
  return { bookings: bookings.items, services, eventCursor: bookings.eventCursor };
}

describe('services', () => {
  it('owners and managers create them, anyone lists them; staff, buyers and outsiders are refused; names are unique per shop', async () => {
    await using shop = await setupTeam(server.url, []);
    const made = await shop.seller.api.service.create.mutate({ shopId: shop.shopId, name: 'Tasting', durationMinutes: 45, priceCents: 2500 });
    expect(made).toMatchObject({ shopId: shop.shopId, name: 'Tasting', durationMinutes: 45, priceCents: 2500 });
    expect(made.createdAt).toEqual(at(6));
    await shop.manager.client.api.service.create.mutate({ shopId: shop.shopId, name: 'Barista class', durationMinutes: 120, priceCents: 0 });
    await using anon = connect(server.url);
    expect((await anon.api.service.list.query({ shopId: shop.shopId })).map((s) => s.name)).toEqual(['Barista class', 'Tasting']);

    const before = await stateOf(shop.seller.api, shop.shopId);
    await expectRefusal(shop.staff.client.api.service.create.mutate({ shopId: shop.shopId, name: 'Sneaky', durationMinutes: 30, priceCents: 100 }), 'FORBIDDEN', /^Only the shop's owners and managers can add services$/);
    await expectRefusal(shop.outsider.client.api.service.create.mutate({ shopId: shop.shopId, name: 'Sneaky', durationMinutes: 30, priceCents: 100 }), 'FORBIDDEN', /not a member/);
    await expectRefusal(shop.buyer.api.service.create.mutate({ shopId: shop.shopId, name: 'Sneaky', durationMinutes: 30, priceCents: 100 }), 'FORBIDDEN', /Only sellers/);
    await expectRefusal(anon.api.service.create.mutate({ shopId: shop.shopId, name: 'Sneaky', durationMinutes: 30, priceCents: 100 }), 'UNAUTHORIZED', /Sign in/);
    await expectRefusal(shop.seller.api.service.create.mutate({ shopId: shop.shopId, name: 'Tasting', durationMinutes: 30, priceCents: 100 }), 'CONFLICT', /already offers a service named Tasting/, 'service_name_taken');
    await expectRefusal(shop.seller.api.service.create.mutate({ shopId: 'no-such-shop', name: 'X', durationMinutes: 30, priceCents: 100 }), 'NOT_FOUND', /Shop not found/);
    await expectRefusal(anon.api.service.list.query({ shopId: 'no-such-shop' }), 'NOT_FOUND', /Shop not found/);
    expect(await stateOf(shop.seller.api, shop.shopId)).toEqual(before);
  });

  it('refuse durations off the 5-minute steps, zero or negative, over a day; negative or fractional prices; blank names: BAD_REQUEST, nothing made', async () => {
    await using shop = await setupTeam(server.url, []);
    const before = await stateOf(shop.seller.api, shop.shopId);
    const create = (fields: Partial<{ name: string; durationMinutes: number; priceCents: number }>) =>
      shop.seller.api.service.create.mutate({ shopId: shop.shopId, name: 'Massage', durationMinutes: 60, priceCents: 5000, ...fields });
    const cases: [Parameters<typeof create>[0], RegExp][] = [
      [{ durationMinutes: 0 }, /at least 5 minutes/],
      [{ durationMinutes: -30 }, /at least 5 minutes/],
      [{ durationMinutes: 7 }, /multiple of 5/],
      [{ durationMinutes: 22.5 }, /whole number/],
      [{ durationMinutes: 1445 }, /at most 1440 minutes/],
      [{ priceCents: -1 }, /priceCents cannot be negative/],
      [{ priceCents: 1.5 }, /whole number of cents/],
      [{ name: '   ' }, /must not be empty/],
    ];
    for (const [fields, pattern] of cases) {
      expect(await errorCode(create(fields))).toBe('BAD_REQUEST');
      expect(JSON.stringify(await zodIssues(create(fields)))).toMatch(pattern);
    }
    expect(await stateOf(shop.seller.api, shop.shopId)).toEqual(before);
  });

  it('slots: the grid of the service from now on, each free or taken; spans over 7 days and unknown services refused', async () => {
    await using shop = await withService();
    await shop.buyer.api.booking.create.mutate({ serviceId: shop.serviceId, startsAt: at(9) });
    await using anon = connect(server.url);
    // The clock stands at 06:00: the day's earlier slots are gone, 06:00 itself has begun.
    const slots = await anon.api.service.slots.query({ serviceId: shop.serviceId, from: at(0), to: at(24) });
    expect(slots.map((s) => s.startsAt.getTime())).toEqual(Array.from({ length: 17 }, (_, i) => at(7 + i).getTime()));
    expect(slots.filter((s) => !s.free).map((s) => s.startsAt)).toEqual([at(9)]);
    expect(slots[0]?.endsAt).toEqual(at(8));
    await expectRefusal(anon.api.service.slots.query({ serviceId: shop.serviceId, from: at(0), to: at(24 * 8) }), 'BAD_REQUEST', /at most 7 days/);
    await expectRefusal(anon.api.service.slots.query({ serviceId: shop.serviceId, from: at(10), to: at(10) }), 'BAD_REQUEST', /`to` must be after `from`/);
    await expectRefusal(anon.api.service.slots.query({ serviceId: 'no-such-service', from: at(0), to: at(24) }), 'NOT_FOUND', /Service not found/);
  });
});

describe('booking.create', () => {
  it('books a free slot as requested; the shop, the booking stream and My bookings hear it; the shop members are notified', async () => {
    await using shop = await withService();
    const { eventCursor } = await shop.staff.client.api.booking.listForShop.query({ shopId: shop.shopId, from: at(0), to: at(24) });
    const staffEvents = collect<DashboardEvent>((h) => shop.staff.client.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId, lastEventId: eventCursor }, h));
    const mine = await shop.buyer.api.booking.listMine.query();
    expect(mine.items).toEqual([]);
    const myEvents = collect<BookingStatusEvent>((h) => shop.buyer.api.booking.onMyBookings.subscribe({ lastEventId: mine.eventCursor }, h));
    await Promise.all([staffEvents.started, myEvents.started]);

    const booking = await shop.buyer.api.booking.create.mutate({ serviceId: shop.serviceId, startsAt: at(10) });
    expect(booking).toMatchObject({
      shopId: shop.shopId,
      serviceId: shop.serviceId,
      serviceName: 'Haircut',
      buyerId: shop.buyerId,
      buyerName: 'Buyer',
      startsAt: at(10),
      endsAt: at(11),
      priceCents: 3000,
      status: 'requested',
      createdAt: at(6),
    });

    const [shopEvent] = await staffEvents.waitFor(1);
    expect(shopEvent?.data).toEqual({ type: 'booking_status_changed', bookingId: booking.id, status: 'requested', previousStatus: null, booking });
    const [myEvent] = await myEvents.waitFor(1);
    expect(myEvent?.data).toEqual({ bookingId: booking.id, status: 'requested', previousStatus: null, at: at(6) });
    const replay = collect<BookingStatusEvent>((h) => shop.staff.client.api.booking.onBookingStatus.subscribe({ bookingId: booking.id, lastEventId: '0' }, h));
    expect((await replay.waitFor(1)).map((e) => e.data)).toEqual([myEvent?.data]);
    replay.unsubscribe();

    expect((await shop.buyer.api.booking.listMine.query()).items).toEqual([booking]);
    expect((await shop.seller.api.booking.listForShop.query({ shopId: shop.shopId, from: at(10), to: at(11) })).items).toEqual([booking]);
    expect((await shop.seller.api.booking.listForShop.query({ shopId: shop.shopId, from: at(11), to: at(12) })).items).toEqual([]);
    for (const member of [shop.seller, shop.manager.client, shop.staff.client]) {
      const notes = (await member.api.notification.list.query({})).items;
      expect(notes.map((n) => [n.kind, n.title, n.link])).toEqual([['booking', 'New booking: Haircut', `/dashboard/${shop.shopId}/services`]]);
      expect(notes[0]?.body).toMatch(/^Buyer booked Haircut for 10:00 UTC, .+ at Shop /);
    }
    // The buyer did it and the answer says so: no notification to them.
    expect((await shop.buyer.api.notification.list.query({})).items).toEqual([]);
    staffEvents.unsubscribe();
    myEvents.unsubscribe();
  });

  it('refuses the past, now, off-grid starts, slots that cross midnight, beyond a year, unknown services, sellers and the signed out; nothing changes', async () => {
    await using shop = await withService();
    const fifty = await shop.seller.api.service.create.mutate({ shopId: shop.shopId, name: 'Fifty', durationMinutes: 50, priceCents: 100 });
    const before = await stateOf(shop.seller.api, shop.shopId);
    const book = (startsAt: Date, serviceId = shop.serviceId) => shop.buyer.api.booking.create.mutate({ serviceId, startsAt });
    await expectRefusal(book(at(5)), 'BAD_REQUEST', /in the past/);
    await expectRefusal(book(at(6)), 'BAD_REQUEST', /in the past/);
    await expectRefusal(book(at(10, 30)), 'BAD_REQUEST', /Haircut takes 60 minutes, so it starts at midnight UTC plus a multiple of 60 minutes/);
    await expectRefusal(book(new Date(at(10).getTime() + 1)), 'BAD_REQUEST', /is not one of its slots/);
    // 50-minute slots: 22:30 is the day's last (it ends 23:20); 23:20 would run past midnight.
    await expectRefusal(book(at(23, 20), fifty.id), 'BAD_REQUEST', /ends by the next midnight/);
    await expectRefusal(book(new Date(DAY + 400 * 86_400_000)), 'BAD_REQUEST', /at most 365 days ahead/);
    await expectRefusal(book(at(10), 'no-such-service'), 'NOT_FOUND', /Service not found/);
    await expectRefusal(shop.seller.api.booking.create.mutate({ serviceId: shop.serviceId, startsAt: at(10) }), 'FORBIDDEN', /Only buyers/);
    await using anon = connect(server.url);
    await expectRefusal(anon.api.booking.create.mutate({ serviceId: shop.serviceId, startsAt: at(10) }), 'UNAUTHORIZED', /Sign in/);
    expect(await errorCode(shop.buyer.api.booking.create.mutate({ serviceId: shop.serviceId, startsAt: 'tomorrow' as unknown as Date }))).toBe('BAD_REQUEST');
    expect(await stateOf(shop.seller.api, shop.shopId)).toEqual(before);

    const last = await book(at(22, 30), fifty.id);
    expect(last.endsAt).toEqual(at(23, 20));
  });

  it('a slot another live booking holds is CONFLICT (a 10:30 start inside it is off the grid); the next slot is free; a cancelled booking frees its slot', async () => {
    await using shop = await withService();
    const other = await registerBuyer(shop.buyer.api);
    await using rival = connect(server.url, other.token);
    const first = await shop.buyer.api.booking.create.mutate({ serviceId: shop.serviceId, startsAt: at(10) });
    const before = await stateOf(shop.seller.api, shop.shopId);
    await expectRefusal(rival.api.booking.create.mutate({ serviceId: shop.serviceId, startsAt: at(10) }), 'CONFLICT', /^Haircut at 10:00 UTC, .+ is already booked: pick another slot$/, 'slot_taken');
    // Its own buyer cannot hold it twice either.
    await expectRefusal(shop.buyer.api.booking.create.mutate({ serviceId: shop.serviceId, startsAt: at(10) }), 'CONFLICT', /already booked/);
    await expectRefusal(rival.api.booking.create.mutate({ serviceId: shop.serviceId, startsAt: at(10, 30) }), 'BAD_REQUEST', /not one of its slots/);
    expect(await stateOf(shop.seller.api, shop.shopId)).toEqual(before);

    // Back to back is not an overlap; another service's slot at the same time is not either.
    await rival.api.booking.create.mutate({ serviceId: shop.serviceId, startsAt: at(11) });
    const tasting = await shop.seller.api.service.create.mutate({ shopId: shop.shopId, name: 'Tasting', durationMinutes: 30, priceCents: 900 });
    await rival.api.booking.create.mutate({ serviceId: tasting.id, startsAt: at(10, 30) });

    await shop.seller.api.booking.setStatus.mutate({ bookingId: first.id, status: 'cancelled' });
    const again = await rival.api.booking.create.mutate({ serviceId: shop.serviceId, startsAt: at(10) });
    expect(again).toMatchObject({ status: 'requested', buyerId: other.user.id, startsAt: at(10) });
  });

  it('many buyers racing for one slot over their own connections: exactly one wins, every other one is CONFLICT', async () => {
    await using shop = await withService();
    const racers = await Promise.all(
      Array.from({ length: 16 }, async (_, i) => {
        const account = await registerBuyer(shop.buyer.api);
        return { userId: account.user.id, client: connect(server.url, account.token, i % 2 === 0 ? 'ws' : 'http') };
      }),
    );
    try {
      // Every socket open and signed in before the race starts.
      await Promise.all(racers.map((r) => r.client.api.booking.listMine.query()));
      const outcomes = await Promise.allSettled(racers.map((r) => r.client.api.booking.create.mutate({ serviceId: shop.serviceId, startsAt: at(14) })));
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(15);
      for (const loss of lost) {
        expect(codeOf(loss.reason)).toBe('CONFLICT');
        expect((loss.reason as Error).message).toMatch(/^Haircut at 14:00 UTC, .+ is already booked: pick another slot$/);
        expect(reasonOf(loss.reason)).toBe('slot_taken');
      }
      const { items } = await shop.seller.api.booking.listForShop.query({ shopId: shop.shopId, from: at(0), to: at(24) });
      expect(items).toHaveLength(1);
      expect(items[0]).toEqual(won[0]?.value);
    } finally {
      await Promise.all(racers.map((r) => r.client.close()));
    }
  });
});

describe('booking.setStatus', () => {
  it('the shop confirms and completes; every step reaches the booking stream (WebSocket and SSE, with replay), the shop and the buyer, who is notified of each', async () => {
    await using shop = await withService();
    const booking = await shop.buyer.api.booking.create.mutate({ serviceId: shop.serviceId, startsAt: at(12) });
    const { eventCursor } = await shop.seller.api.booking.listForShop.query({ shopId: shop.shopId, from: at(0), to: at(24) });
    const ownerEvents = collect<DashboardEvent>((h) => shop.seller.api.dashboard.onDashboardUpdate.subscribe({ shopId: shop.shopId, lastEventId: eventCursor }, h));
    const buyerLive = collect<BookingStatusEvent>((h) => shop.buyer.api.booking.onBookingStatus.subscribe({ bookingId: booking.id }, h));
    const buyerNotes = collect<UserEvent>((h) => shop.buyer.api.notification.onNotification.subscribe({}, h));
    await Promise.all([ownerEvents.started, buyerLive.started, buyerNotes.started]);

    const confirmed = await shop.staff.client.api.booking.setStatus.mutate({ bookingId: booking.id, status: 'confirmed' });
    expect(confirmed).toEqual({ ...booking, status: 'confirmed' });
    const completed = await shop.manager.client.api.booking.setStatus.mutate({ bookingId: booking.id, status: 'completed' });
    expect(completed.status).toBe('completed');

    const steps = (await buyerLive.waitFor(2)).map((e) => e.data);
    expect(steps).toEqual([
      { bookingId: booking.id, status: 'confirmed', previousStatus: 'requested', at: at(6) },
      { bookingId: booking.id, status: 'completed', previousStatus: 'confirmed', at: at(6) },
    ]);
    const shopSteps = (await ownerEvents.waitFor(2)).map((e) => e.data);
    expect(shopSteps.map((e) => e.type === 'booking_status_changed' && [e.previousStatus, e.status, e.booking.status])).toEqual([
      ['requested', 'confirmed', 'confirmed'],
      ['confirmed', 'completed', 'completed'],
    ]);
    const notes = (await buyerNotes.waitFor(2)).map((e) => (e.data.type === 'notification' ? e.data.notification : null));
    expect(notes.map((n) => [n?.kind, n?.title, n?.link])).toEqual([
      ['booking', 'Booking confirmed: Haircut', '/bookings'],
      ['booking', 'Booking completed: Haircut', '/bookings'],
    ]);
    expect(notes[0]?.body).toMatch(/^Your booking for Haircut at Shop .+, 12:00 UTC, .+, was confirmed\.$/);

    // Over SSE, from the start and from the middle: every step, in order, once.
    const sse = connectSse(server.url, shop.sellerToken);
    const all = collect<BookingStatusEvent>((h) => sse.api.booking.onBookingStatus.subscribe({ bookingId: booking.id, lastEventId: '0' }, h));
    const fromStart = await all.waitFor(3);
    expect(fromStart.map((e) => [e.data.previousStatus, e.data.status])).toEqual([
      [null, 'requested'],
      ['requested', 'confirmed'],
      ['confirmed', 'completed'],
    ]);
    const rest = collect<BookingStatusEvent>((h) => sse.api.booking.onBookingStatus.subscribe({ bookingId: booking.id, lastEventId: fromStart[0]?.id ?? '' }, h));
    expect((await rest.waitFor(2)).map((e) => e.id)).toEqual(fromStart.slice(1).map((e) => e.id));
    for (const c of [all, rest, ownerEvents, buyerLive, buyerNotes]) c.unsubscribe();
  });

  it('the buyer cancels their own booking before it starts; the shop hears it and is notified', async () => {
    await using shop = await withService();
    const booking = await shop.buyer.api.booking.create.mutate({ serviceId: shop.serviceId, startsAt: at(15) });
    await shop.seller.api.booking.setStatus.mutate({ bookingId: booking.id, status: 'confirmed' });
    const cancelled = await shop.buyer.api.booking.setStatus.mutate({ bookingId: booking.id, status: 'cancelled' });
    expect(cancelled.status).toBe('cancelled');
    const steps = collect<BookingStatusEvent>((h) => shop.buyer.api.booking.onMyBookings.subscribe({ lastEventId: '0' }, h));
    expect((await steps.waitFor(3)).map((e) => e.data.status)).toEqual(['requested', 'confirmed', 'cancelled']);
    steps.unsubscribe();
    const notes = (await shop.staff.client.api.notification.list.query({})).items;
    expect(notes[0]).toMatchObject({ kind: 'booking', title: 'Booking cancelled: Haircut' });
    expect(notes[0]?.body).toMatch(/^Buyer cancelled Haircut at 15:00 UTC, .+; the slot is free again\.$/);
    // Nobody tells the buyer what they did themselves; the shop's confirmation was news.
    expect((await shop.buyer.api.notification.list.query({})).items.map((n) => n.title)).toEqual(['Booking confirmed: Haircut']);
  });

  it('refuses the wrong people, moves off the table, unknown bookings and a buyer cancelling after the start; nothing changes', async () => {
    await using shop = await withService();
    const other = await registerBuyer(shop.buyer.api);
    await using rival = connect(server.url, other.token);
    await using anon = connect(server.url);
    const booking = await shop.buyer.api.booking.create.mutate({ serviceId: shop.serviceId, startsAt: at(16) });
    const done = await shop.buyer.api.booking.create.mutate({ serviceId: shop.serviceId, startsAt: at(17) });
    await shop.seller.api.booking.setStatus.mutate({ bookingId: done.id, status: 'confirmed' });
    await shop.seller.api.booking.setStatus.mutate({ bookingId: done.id, status: 'completed' });
    const before = await stateOf(shop.seller.api, shop.shopId);
    const set = (client: TestClient, status: 'confirmed' | 'completed' | 'cancelled', bookingId = booking.id) => client.api.booking.setStatus.mutate({ bookingId, status });

    await expectRefusal(set(shop.buyer, 'confirmed'), 'FORBIDDEN', /Only the shop confirms or completes a booking; you may cancel it/);
    await expectRefusal(set(rival, 'cancelled'), 'FORBIDDEN', /not your booking/);
    await expectRefusal(set(shop.outsider.client, 'cancelled'), 'FORBIDDEN', /not a member of this shop/);
    await expectRefusal(set(anon, 'cancelled'), 'UNAUTHORIZED', /Sign in/);
    await expectRefusal(set(shop.seller, 'completed'), 'BAD_REQUEST', /cannot move from requested to completed/);
    await expectRefusal(set(shop.seller, 'cancelled', done.id), 'BAD_REQUEST', /cannot move from completed to cancelled/);
    await expectRefusal(set(shop.buyer, 'cancelled', done.id), 'BAD_REQUEST', /cannot move from completed to cancelled/);
    await expectRefusal(set(shop.seller, 'confirmed', 'no-such-booking'), 'NOT_FOUND', /Booking not found/);
    expect(await errorCode(shop.seller.api.booking.setStatus.mutate({ bookingId: booking.id, status: 'requested' as 'confirmed' }))).toBe('BAD_REQUEST');
    expect(await stateOf(shop.seller.api, shop.shopId)).toEqual(before);

    // Once it has started, only the shop can still cancel it.
    clock.set(at(16, 5));
    try {
      await expectRefusal(set(shop.buyer, 'cancelled'), 'CONFLICT', /already started.*ask the shop/, 'booking_started');
      expect(await stateOf(shop.seller.api, shop.shopId)).toEqual(before);
      expect((await set(shop.staff.client, 'cancelled')).status).toBe('cancelled');
    } finally {
      clock.set(at(6));
    }
  });
});

describe('who may follow and list bookings', () => {
  it("a booking's stream is its buyer's and its shop members'; My bookings is the buyer's own; the lists are refused to others", async () => {
    await using shop = await withService();
    const other = await registerBuyer(shop.buyer.api);
    await using rival = connect(server.url, other.token);
    await using anon = connect(server.url);
    const booking = await shop.buyer.api.booking.create.mutate({ serviceId: shop.serviceId, startsAt: at(18) });
    const follow = (client: TestClient, bookingId = booking.id) => collect<BookingStatusEvent>((h) => client.api.booking.onBookingStatus.subscribe({ bookingId, lastEventId: '0' }, h));

    // A member taken off the team stops hearing the shop's bookings at once.
    const staff = follow(shop.staff.client);
    expect((await staff.waitFor(1))[0]?.data.status).toBe('requested');
    await shop.seller.api.team.remove.mutate({ shopId: shop.shopId, userId: shop.staff.userId });
    await eventually(() => staff.errors.length > 0);
    expect(codeOf(staff.errors[0])).toBe('FORBIDDEN');
    for (const [client, code, message] of [
      [rival, 'FORBIDDEN', /not your booking/],
      [shop.outsider.client, 'FORBIDDEN', /not a member of this shop/],
      [anon, 'UNAUTHORIZED', /Sign in/],
    ] as const) {
      const refused = follow(client);
      await refused.started;
      expect(refused.events).toEqual([]);
      expect(codeOf(refused.errors[0])).toBe(code);
      expect((refused.errors[0] as Error).message).toMatch(message);
    }
    const unknown = follow(shop.seller, 'no-such-booking');
    await unknown.started;
    expect(codeOf(unknown.errors[0])).toBe('NOT_FOUND');

    // Another buyer's My bookings stream never carries this booking; a seller has none.
    const rivalMine = collect<BookingStatusEvent>((h) => rival.api.booking.onMyBookings.subscribe({ lastEventId: '0' }, h));
    const marker = await rival.api.booking.create.mutate({ serviceId: shop.serviceId, startsAt: at(19) });
    expect((await rivalMine.waitFor(1)).map((e) => e.data.bookingId)).toEqual([marker.id]);
    rivalMine.unsubscribe();
    const sellerMine = collect<BookingStatusEvent>((h) => shop.seller.api.booking.onMyBookings.subscribe({}, h));
    await sellerMine.started;
    expect(codeOf(sellerMine.errors[0])).toBe('FORBIDDEN');
    expect((await rival.api.booking.listMine.query()).items.map((b) => b.id)).toEqual([marker.id]);

    await expectRefusal(shop.seller.api.booking.listMine.query(), 'FORBIDDEN', /Only buyers/);
    await expectRefusal(shop.outsider.client.api.booking.listForShop.query({ shopId: shop.shopId, from: at(0), to: at(24) }), 'FORBIDDEN', /not a member/);
    await expectRefusal(shop.buyer.api.booking.listForShop.query({ shopId: shop.shopId, from: at(0), to: at(24) }), 'FORBIDDEN', /Only sellers/);
    await expectRefusal(shop.seller.api.booking.listForShop.query({ shopId: shop.shopId, from: at(10), to: at(9) }), 'BAD_REQUEST', /`to` must be after `from`/);
    await expectRefusal(shop.seller.api.booking.listForShop.query({ shopId: shop.shopId, from: at(0), to: at(24 * 32) }), 'BAD_REQUEST', /at most 31 days/);
    await expectRefusal(shop.seller.api.booking.listForShop.query({ shopId: 'no-such-shop', from: at(0), to: at(24) }), 'NOT_FOUND', /Shop not found/);
  });
});
