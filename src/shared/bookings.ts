import { z } from 'zod';

export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;

/** A service's length: whole minutes in steps of 5, at most one day (its slots fit in a UTC day). */
export const SERVICE_MIN_MINUTES = 5;
export const SERVICE_MAX_MINUTES = 24 * 60;

export const serviceSchema = z.object({
  id: z.string(),
  shopId: z.string(),
  name: z.string(),
  durationMinutes: z.number().int(),
  priceCents: z.number().int(),
  createdAt: z.date(),
});
export type Service = z.infer<typeof serviceSchema>;

export const bookingStatusSchema = z.enum(['requested', 'confirmed', 'completed', 'cancelled']);
export type BookingStatus = z.infer<typeof bookingStatusSchema>;

/** Live bookings hold their slot (and get a reminder); completed and cancelled ones do not. */
export const LIVE_BOOKING_STATUSES = ['requested', 'confirmed'] as const satisfies readonly BookingStatus[];

export function isLiveBooking(status: BookingStatus): boolean {
  return (LIVE_BOOKING_STATUSES as readonly BookingStatus[]).includes(status);
}

/**
 * Every move `booking.setStatus` may make. The shop confirms, completes or cancels; the buyer may
 * only cancel (services/bookings check who). Completed and cancelled are final.
 */
export const BOOKING_MOVES: Record<BookingStatus, readonly BookingStatus[]> = {
  requested: ['confirmed', 'cancelled'],
  confirmed: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

export function canMoveBooking(from: BookingStatus, to: BookingStatus): boolean {
  return BOOKING_MOVES[from].includes(to);
}

export const bookingSchema = z.object({
  id: z.string(),
  shopId: z.string(),
  shopName: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
  buyerId: z.string(),
  buyerName: z.string(),
  startsAt: z.date(),
  endsAt: z.date(),
  /** The service's price when it was booked. */
  priceCents: z.number().int(),
  status: bookingStatusSchema,
  createdAt: z.date(),
});
export type Booking = z.infer<typeof bookingSchema>;

/** One step of a booking, on its own stream and the buyer's "My bookings" (the first has `previousStatus: null`). */
export const bookingStatusEventSchema = z.object({
  bookingId: z.string(),
  status: bookingStatusSchema,
  previousStatus: bookingStatusSchema.nullable(),
  at: z.date(),
});
export type BookingStatusEvent = z.infer<typeof bookingStatusEventSchema>;

export interface Slot {
  startsAt: Date;
  endsAt: Date;
}

/**
 * The duration grid: a service of `d` minutes starts at midnight UTC plus a whole number of `d`,
 * and every slot ends by the next midnight UTC (a 50-minute service has 28 slots a day, the last
 * 22:30-23:20). So two slots of one service never overlap, whatever the day.
 */
export function isOnGrid(startsAt: Date, durationMinutes: number): boolean {
  const ms = startsAt.getTime();
  const dayStart = utcDayStart(ms);
  const offset = ms - dayStart;
  const step = durationMinutes * MINUTE_MS;
  return offset % step === 0 && offset + step <= DAY_MS;
}

/** The grid's slots that start in [from, to), in order. */
export function gridSlots(durationMinutes: number, from: Date, to: Date): Slot[] {
  const step = durationMinutes * MINUTE_MS;
  const slots: Slot[] = [];
  for (let day = utcDayStart(from.getTime()); day < to.getTime(); day += DAY_MS) {
    for (let start = day; start + step <= day + DAY_MS; start += step) {
      if (start >= from.getTime() && start < to.getTime()) slots.push({ startsAt: new Date(start), endsAt: new Date(start + step) });
    }
  }
  return slots;
}

function utcDayStart(ms: number): number {
  return ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS);
}

/** "10:30 UTC, Tue, 1 Dec 2026": how notifications (written on the server, read anywhere) name a time. */
export function formatUtc(at: Date): string {
  const time = at.toISOString().slice(11, 16);
  const day = at.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return `${time} UTC, ${day}`;
}
