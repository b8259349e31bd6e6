import { canMoveBooking, DAY_MS, formatUtc, isOnGrid, LIVE_BOOKING_STATUSES, type Booking, type BookingStatus } from '../../shared/bookings.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Executor } from '../db/database.js';
import { ConflictError, DomainError, ForbiddenError, InvalidRequestError, NotFoundError } from '../errors.js';
import { latestEventId } from '../events/eventLog.js';
import { bookingStatusEvents, shopEvent } from '../events/topics.js';
import { transact, type Emit, type TransactDeps } from '../events/transact.js';
import type { IdSource } from '../ids.js';
import { notify, notifyShop } from '../notifications/notify.js';
import { assertSellerOfShop } from '../shops/access.js';
import { bookingCancelledByBuyerNotice, bookingRequestedNotice, bookingStatusNotice } from './messages.js';
import { buyerBookings, loadBooking, serviceRow, shopBookings } from './queries.js';

/** How far ahead a booking may be made. */
export const BOOKING_HORIZON_DAYS = 365;
/** The widest window `booking.listForShop` answers, and the most bookings either list holds. */
export const SHOP_LIST_MAX_DAYS = 31;
const LIST_LIMIT = 500;
const MY_LIST_LIMIT = 100;

export type BookingDeps = TransactDeps & { ids: IdSource; dueWork: { poke(): void } };

/**
 * A buyer books a slot: the service's lock row first (it queues concurrent bookings of the
 * service, see migration 0009), then the checks, the overlap test against live bookings, the
 * row and its events, in one transaction. A slot another live booking holds answers CONFLICT.
 */
export async function createBooking(deps: BookingDeps, buyerId: string, input: { serviceId: string; startsAt: Date }): Promise<Booking> {
  const now = deps.clock.now().getTime();
  const startsAt = input.startsAt.getTime();
  if (startsAt <= now) throw new InvalidRequestError('That time is in the past: pick a slot that is still ahead');
  if (startsAt > now + BOOKING_HORIZON_DAYS * DAY_MS) throw new InvalidRequestError(`Bookings can be made at most ${BOOKING_HORIZON_DAYS} days ahead`);
  let booking: Booking;
  try {
    booking = await transact(deps, async (trx, emit) => {
      const locked = await trx
        .updateTable('services')
        .set((eb) => ({ booking_lock: eb('booking_lock', '+', 1) }))
        .where('id', '=', input.serviceId)
        .executeTakeFirst();
      if (Number(locked.numUpdatedRows) !== 1) throw new NotFoundError('Service');
      const service = await serviceRow(trx, input.serviceId);
      const duration = Number(service.duration_minutes);
      if (!isOnGrid(input.startsAt, duration)) {
        throw new InvalidRequestError(
          `${service.name} takes ${duration} minutes, so it starts at midnight UTC plus a multiple of ${duration} minutes (and ends by the next midnight); ${input.startsAt.toISOString()} is not one of its slots`,
        );
      }
      const endsAt = startsAt + duration * 60_000;
      const taken = await overlapping(trx, service.id, startsAt, endsAt);
      if (taken) throw slotTaken(service.name, input.startsAt);
      const id = deps.ids.next();
      await trx
        .insertInto('bookings')
        .values({
          id,
          service_id: service.id,
          shop_id: service.shop_id,
          buyer_id: buyerId,
          starts_at: startsAt,
          ends_at: endsAt,
          price_cents: Number(service.price_cents),
          status: 'requested',
          reminder_sent_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      const made = await loadBooking(trx, id);
      emitStep(emit, made, null, new Date(now));
      await notifyShop(trx, emit, deps, made.shopId, () => [bookingRequestedNotice(made)]);
      return made;
    });
  } catch (error) {
    // The unique index on live (service, start) is the database's own guard; were it ever what
    // refused the insert, the answer is still the clear CONFLICT.
    if (!(error instanceof DomainError) && (await overlapping(deps.db, input.serviceId, startsAt, startsAt + 1))) {
      throw slotTaken((await serviceRow(deps.db, input.serviceId)).name, input.startsAt);
    }
    throw error;
  }
  // Its reminder may fall due sooner than anything the due-work timer waits for.
  deps.dueWork.poke();
  return booking;
}

/**
 * The shop's members confirm, complete or cancel; the buyer may cancel until the booking starts.
 * Moves follow BOOKING_MOVES (shared/bookings.ts); any other is BAD_REQUEST and changes nothing.
 */
export async function setBookingStatus(deps: BookingDeps, user: TokenClaims, input: { bookingId: string; status: Exclude<BookingStatus, 'requested'> }): Promise<Booking> {
  return transact(deps, async (trx, emit) => {
    const row = await trx.selectFrom('bookings').select(['id', 'shop_id', 'buyer_id', 'status', 'starts_at']).where('id', '=', input.bookingId).executeTakeFirst();
    if (!row) throw new NotFoundError('Booking');
    const byBuyer = row.buyer_id === user.userId;
    const now = deps.clock.now();
    if (byBuyer) {
      if (input.status !== 'cancelled') throw new ForbiddenError('Only the shop confirms or completes a booking; you may cancel it');
      if (row.status === 'requested' || row.status === 'confirmed') {
        if (Number(row.starts_at) <= now.getTime()) throw new ConflictError('This booking has already started, so it can no longer be cancelled here: ask the shop', 'booking_started');
      }
    } else {
      if (user.role !== 'seller') throw new ForbiddenError('This is not your booking');
      await assertSellerOfShop(trx, user, row.shop_id);
    }
    if (!canMoveBooking(row.status, input.status)) throw new InvalidRequestError(`A booking cannot move from ${row.status} to ${input.status}`);
    // The status guard makes a concurrent move of the same booking lose cleanly.
    const updated = await trx
      .updateTable('bookings')
      .set({ status: input.status, updated_at: now.getTime() })
      .where('id', '=', row.id)
      .where('status', '=', row.status)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new ConflictError('The booking changed meanwhile; reload it');
    const booking = await loadBooking(trx, row.id);
    emitStep(emit, booking, row.status, now);
    if (byBuyer) {
      await notifyShop(trx, emit, deps, booking.shopId, () => [bookingCancelledByBuyerNotice(booking)]);
    } else {
      const notice = bookingStatusNotice(booking);
      if (notice) await notify(trx, emit, deps, notice);
    }
    return booking;
  });
}

/** The buyer's bookings, latest start first (at most MY_LIST_LIMIT), with the cursor to follow `booking.onMyBookings` from. */
export async function listMyBookings(db: Executor, buyerId: string): Promise<{ items: Booking[]; eventCursor: string }> {
  return db.transaction().execute(async (trx) => ({ items: await buyerBookings(trx, buyerId, MY_LIST_LIMIT), eventCursor: String(await latestEventId(trx)) }));
}

/**
 * A shop's bookings starting in [from, to) (at most SHOP_LIST_MAX_DAYS wide), earliest first,
 * cancelled ones included, with the cursor to follow the shop's stream from.
 */
export async function listShopBookings(db: Executor, user: TokenClaims, input: { shopId: string; from: Date; to: Date }): Promise<{ items: Booking[]; eventCursor: string }> {
  if (input.to.getTime() <= input.from.getTime()) throw new InvalidRequestError('`to` must be after `from`');
  if (input.to.getTime() - input.from.getTime() > SHOP_LIST_MAX_DAYS * DAY_MS) throw new InvalidRequestError(`List at most ${SHOP_LIST_MAX_DAYS} days of bookings at once`);
  return db.transaction().execute(async (trx) => {
    await assertSellerOfShop(trx, user, input.shopId);
    return { items: await shopBookings(trx, input.shopId, input.from, input.to, LIST_LIMIT), eventCursor: String(await latestEventId(trx)) };
  });
}

/** Every step goes to the booking's stream, the buyer's "My bookings" and the shop's dashboard stream. */
function emitStep(emit: Emit, booking: Booking, previousStatus: BookingStatus | null, at: Date): void {
  emit(
    shopEvent(booking.shopId, { type: 'booking_status_changed', bookingId: booking.id, status: booking.status, previousStatus, booking }),
    ...bookingStatusEvents(booking.buyerId, { bookingId: booking.id, status: booking.status, previousStatus, at }),
  );
}

async function overlapping(db: Executor, serviceId: string, startsAt: number, endsAt: number): Promise<boolean> {
  const row = await db
    .selectFrom('bookings')
    .select('id')
    .where('service_id', '=', serviceId)
    .where('status', 'in', LIVE_BOOKING_STATUSES)
    .where('starts_at', '<', endsAt)
    .where('ends_at', '>', startsAt)
    .executeTakeFirst();
  return row !== undefined;
}

function slotTaken(serviceName: string, startsAt: Date): ConflictError {
  return new ConflictError(`${serviceName} at ${formatUtc(startsAt)} is already booked: pick another slot`, 'slot_taken');
}
