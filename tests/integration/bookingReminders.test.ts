import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { UserEvent } from '../../src/shared/notification.js';
import { connect, registerBuyer, type TestClient } from '../support/clients.js';
import { manualClock, type ManualClock } from '../support/clock.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { collect, eventually } from '../support/subscriptions.js';
import { setupShop } from '../support/fixtures.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** Midnight UTC two days from now; each server's clock starts at 06:00 of that day and moves only when a test moves it. */
const DAY = Math.floor(Date.now() / 86_400_000) * 86_400_000 + 2 * 86_400_000;
const at = (hours: number, minutes = 0) => new Date(DAY + hours * HOUR + minutes * MINUTE);

interface World {
  shopId: string;
  haircut: string;
  /** A 5-minute service for markers. */
  quick: string;
  seller: TestClient;
  buyer: TestClient;
  /** Books the markers, so the buyer's notifications hold only what the test is about. */
  other: TestClient;
  tokens: { seller: string; buyer: string; other: string };
  /** The latest marker's start: each marker takes a later slot. */
  lastMarker: number;
}

async function setup(server: TestServer): Promise<World> {
  const shop = await setupShop(server.url, []);
  const haircut = await shop.seller.api.service.create.mutate({ shopId: shop.shopId, name: 'Haircut', durationMinutes: 60, priceCents: 3000 });
  const quick = await shop.seller.api.service.create.mutate({ shopId: shop.shopId, name: 'Marker', durationMinutes: 5, priceCents: 0 });
  const other = await registerBuyer(shop.buyer.api);
  return {
    shopId: shop.shopId,
    haircut: haircut.id,
    quick: quick.id,
    seller: shop.seller,
    buyer: shop.buyer,
    other: connect(server.url, other.token),
    tokens: { seller: shop.sellerToken, buyer: shop.buyerToken, other: other.token },
    lastMarker: 0,
  };
}

/** The same people on a restarted server (the secret beside the database keeps their tokens good). */
function reconnect(world: World, server: TestServer): World {
  return {
    ...world,
    seller: connect(server.url, world.tokens.seller),
    buyer: connect(server.url, world.tokens.buyer),
    other: connect(server.url, world.tokens.other),
  };
}

const closeAll = (world: World) => Promise.all([world.seller.close(), world.buyer.close(), world.other.close()]);

async function reminders(client: TestClient) {
  return (await client.api.notification.list.query({ limit: 100 })).items.filter((n) => n.title.startsWith('Reminder'));
}

/**
 * Books a marker starting within minutes (so its reminder is due at once: booking pokes the due
 * work) and waits for its reminder, twice. The first marker's reminder is sent by a pass at the
 * clock's time, which does everything else due then, but each reminder in its own transaction:
 * on PostgreSQL the marker's may commit before the others. The second marker is booked after the
 * first pass read its due bookings, so a later pass sends it, and passes run one after another:
 * by its reminder, the first pass has finished and what the buyer has is all they will get for now.
 */
async function passDone(world: World, clock: ManualClock): Promise<void> {
  for (let i = 0; i < 2; i++) {
    const before = (await reminders(world.other)).length;
    const start = Math.max(Math.ceil((clock.now().getTime() + 5 * MINUTE) / (5 * MINUTE)) * 5 * MINUTE, world.lastMarker + 5 * MINUTE);
    world.lastMarker = start;
    await world.other.api.booking.create.mutate({ serviceId: world.quick, startsAt: new Date(start) });
    await eventually(async () => (await reminders(world.other)).length > before);
  }
}

describe('booking reminders', () => {
  it('reach the buyer BOOKING_REMINDER_MINUTES (60) before the start, exactly once, live on their notification stream; a cancelled booking gets none', async () => {
    const clock = manualClock(at(6));
    await using server = await startTestServer({}, { clock });
    const world = await setup(server);
    try {
      const notes = collect<UserEvent>((h) => world.buyer.api.notification.onNotification.subscribe({}, h));
      await notes.started;
      const kept = await world.buyer.api.booking.create.mutate({ serviceId: world.haircut, startsAt: at(9) });
      const dropped = await world.buyer.api.booking.create.mutate({ serviceId: world.haircut, startsAt: at(10) });
      await world.buyer.api.booking.setStatus.mutate({ bookingId: dropped.id, status: 'cancelled' });

      clock.set(at(7, 59));
      await passDone(world, clock);
      expect(await reminders(world.buyer)).toEqual([]);

      clock.set(at(8));
      await passDone(world, clock);
      const [reminder, ...more] = await reminders(world.buyer);
      expect(more).toEqual([]);
      expect(reminder).toMatchObject({ kind: 'booking', title: 'Reminder: Haircut in 60 minutes', link: '/bookings', createdAt: at(8), readAt: null });
      expect(reminder?.body).toMatch(/^Your booking for Haircut at Shop .+ starts at 09:00 UTC, .+\.$/);
      const live = (await notes.waitFor(1))[0]?.data;
      expect(live).toEqual({ type: 'notification', notification: reminder });
      expect(kept.status).toBe('requested');

      // Later passes, past the cancelled booking's reminder time and the kept one's start: nothing more.
      clock.set(at(9, 30));
      await passDone(world, clock);
      clock.set(at(10, 30));
      await passDone(world, clock);
      expect((await reminders(world.buyer)).map((n) => n.id)).toEqual([reminder?.id]);
      expect(notes.events).toHaveLength(1);
      notes.unsubscribe();
    } finally {
      await closeAll(world);
    }
  });

  it('a server down at the reminder time sends it on its next start, once; a booking that started meanwhile is passed over (BOOKING_REMINDER_MINUTES=30)', async () => {
    const env = { BOOKING_REMINDER_MINUTES: '30' };
    const clock = manualClock(at(6));
    const first = await startTestServer(env, { clock });
    const dir = first.dir;
    try {
      let world = await setup(first);
      await world.buyer.api.booking.create.mutate({ serviceId: world.haircut, startsAt: at(12) });
      const missed = await world.buyer.api.booking.create.mutate({ serviceId: world.haircut, startsAt: at(8) });
      await world.seller.api.booking.setStatus.mutate({ bookingId: missed.id, status: 'confirmed' });
      await passDone(world, clock);
      expect(await reminders(world.buyer)).toEqual([]);
      await closeAll(world);
      await first.app.stop();

      // Down from 06:00 to 11:45: the 12:00 booking's reminder fell due at 11:30, the 08:00 one's at 07:30.
      clock.set(at(11, 45));
      const second = await startTestServer(env, { clock, dir });
      world = reconnect(world, second);
      await eventually(async () => (await reminders(world.buyer)).length > 0);
      await passDone(world, clock);
      const sent = await reminders(world.buyer);
      expect(sent.map((n) => [n.title, n.createdAt])).toEqual([['Reminder: Haircut in 15 minutes', at(11, 45)]]);
      expect(sent[0]?.body).toMatch(/starts at 12:00 UTC/);
      await closeAll(world);
      await second.app.stop();

      // Another restart finds it done.
      clock.set(at(11, 50));
      const third = await startTestServer(env, { clock, dir });
      world = reconnect(world, third);
      try {
        await passDone(world, clock);
        expect((await reminders(world.buyer)).map((n) => n.id)).toEqual(sent.map((n) => n.id));
      } finally {
        await closeAll(world);
        await third.app.stop();
      }
    } finally {
      await first.app.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
