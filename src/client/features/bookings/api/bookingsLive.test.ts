import { describe, expect, it } from 'vitest';
import type { Booking } from '../../../../shared/bookings.js';
import { dayRange, emptyHeard, heardReducer, isDay, isUnlisted, localDay, myBookingRows, shopBookingRows, type Heard } from './bookingsLive.js';

const booking = (id: string, startsAt: Date, status: Booking['status'] = 'requested'): Booking => ({
  id,
  shopId: 's',
  shopName: 'Shop',
  serviceId: 'v',
  serviceName: 'Haircut',
  buyerId: 'b',
  buyerName: 'Bea',
  startsAt,
  endsAt: new Date(startsAt.getTime() + 3_600_000),
  priceCents: 3000,
  status,
  createdAt: new Date(0),
});

describe('live bookings', () => {
  it('keeps the newest word per booking, ignores replays of older ones, and starts over on reset', () => {
    let heard: Heard<string> = emptyHeard();
    heard = heardReducer(heard, { key: 'a', id: 5, value: 'confirmed' });
    heard = heardReducer(heard, { key: 'a', id: 4, value: 'requested' });
    expect(heard.get('a')).toEqual({ value: 'confirmed', eventId: 5 });
    expect(heardReducer(heard, 'reset').size).toBe(0);
  });

  it("a shop's rows: the list, what the stream said after its cursor, new bookings in the span only, earliest first", () => {
    const span = dayRange('2030-01-07');
    const ten = new Date(2030, 0, 7, 10);
    const nine = new Date(2030, 0, 7, 9);
    const list = { items: [booking('a', ten)], eventCursor: '10' };
    let heard: Heard<Booking> = emptyHeard();
    heard = heardReducer(heard, { key: 'a', id: 9, value: booking('a', ten, 'cancelled') });
    expect(shopBookingRows(list, heard, span).map((b) => b.status)).toEqual(['requested']);
    heard = heardReducer(heard, { key: 'a', id: 11, value: booking('a', ten, 'confirmed') });
    heard = heardReducer(heard, { key: 'b', id: 12, value: booking('b', nine) });
    heard = heardReducer(heard, { key: 'c', id: 13, value: booking('c', new Date(2030, 0, 8, 9)) });
    expect(shopBookingRows(list, heard, span).map((b) => [b.id, b.status])).toEqual([
      ['b', 'requested'],
      ['a', 'confirmed'],
    ]);
  });

  it("the buyer's rows take statuses heard after the list's cursor; a booking not in the list is news", () => {
    const list = { items: [booking('a', new Date(0))], eventCursor: '10' };
    const heard = heardReducer<Booking['status']>(heardReducer<Booking['status']>(emptyHeard(), { key: 'a', id: 11, value: 'confirmed' }), { key: 'z', id: 12, value: 'requested' });
    expect(myBookingRows(list, heard).map((b) => b.status)).toEqual(['confirmed']);
    expect(isUnlisted('z', list)).toBe(true);
    expect(isUnlisted('a', list)).toBe(false);
    expect(isUnlisted('z', undefined)).toBe(false);
  });

  it('local days: a day is midnight to midnight where the browser is', () => {
    expect(localDay(new Date(2030, 0, 7, 23, 59))).toBe('2030-01-07');
    expect(dayRange('2030-01-07')).toEqual({ from: new Date(2030, 0, 7), to: new Date(2030, 0, 8) });
    expect(isDay('2030-01-07')).toBe(true);
    expect(isDay('2030-1-7')).toBe(false);
    expect(isDay(null)).toBe(false);
  });
});
