import type { Booking, BookingStatus } from '../../../../shared/bookings.js';

/**
 * What a stream said last about each booking, with the id of the event that said it. `reset`:
 * the stream starts over from a reloaded list, whose cursor may even be lower (a restored database).
 */
export type Heard<T> = ReadonlyMap<string, { value: T; eventId: number }>;

export function heardReducer<T>(state: Heard<T>, action: { key: string; id: number; value: T } | 'reset'): Heard<T> {
  if (action === 'reset') return new Map();
  const known = state.get(action.key);
  if (known && known.eventId >= action.id) return state;
  return new Map(state).set(action.key, { value: action.value, eventId: action.id });
}

export const emptyHeard = <T>(): Heard<T> => new Map();

/**
 * A shop's bookings of one span: the list as read, each replaced by what the shop stream carried
 * after the list's cursor, plus bookings made since that start in the span; earliest first.
 */
export function shopBookingRows(list: { items: readonly Booking[]; eventCursor: string }, heard: Heard<Booking>, span: { from: Date; to: Date }): Booking[] {
  const cursor = Number(list.eventCursor);
  const rows = new Map(list.items.map((booking) => [booking.id, booking]));
  for (const [id, { value, eventId }] of heard) {
    if (eventId <= cursor) continue;
    const inSpan = value.startsAt.getTime() >= span.from.getTime() && value.startsAt.getTime() < span.to.getTime();
    if (inSpan) rows.set(id, value);
  }
  return [...rows.values()].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id.localeCompare(b.id));
}

/** The buyer's bookings with each status heard after the list's cursor. */
export function myBookingRows(list: { items: readonly Booking[]; eventCursor: string }, heard: Heard<BookingStatus>): Booking[] {
  const cursor = Number(list.eventCursor);
  return list.items.map((booking) => {
    const latest = heard.get(booking.id);
    return latest && latest.eventId > cursor ? { ...booking, status: latest.value } : booking;
  });
}

/** A booking made after the list was read (in another tab): only a fresh list has its details. */
export function isUnlisted(bookingId: string, list: { items: readonly { id: string }[] } | undefined): boolean {
  return list !== undefined && !list.items.some((booking) => booking.id === bookingId);
}

/** `YYYY-MM-DD` of a moment in the browser's own time zone. */
export function localDay(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** A local day as the span from its midnight to the next (23 or 25 hours across a clock change). */
export function dayRange(day: string): { from: Date; to: Date } {
  const [year = 1970, month = 1, date = 1] = day.split('-').map(Number);
  return { from: new Date(year, month - 1, date), to: new Date(year, month - 1, date + 1) };
}

export function isDay(text: string | null): text is string {
  return text !== null && /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(new Date(`${text}T00:00:00`).getTime());
}
