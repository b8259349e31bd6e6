import { describe, expect, it } from 'vitest';
import { canMoveBooking, formatUtc, gridSlots, isOnGrid } from './bookings.js';

const day = Date.UTC(2030, 0, 7);
const at = (hours: number, minutes = 0) => new Date(day + hours * 3_600_000 + minutes * 60_000);

describe('the duration grid', () => {
  it('starts at midnight UTC plus multiples of the duration, and never runs past the next midnight', () => {
    expect(isOnGrid(at(0), 60)).toBe(true);
    expect(isOnGrid(at(10), 60)).toBe(true);
    expect(isOnGrid(at(10, 30), 60)).toBe(false);
    expect(isOnGrid(at(10, 30), 30)).toBe(true);
    expect(isOnGrid(at(22, 30), 50)).toBe(true);
    expect(isOnGrid(at(23, 20), 50)).toBe(false);
    expect(isOnGrid(at(0), 1440)).toBe(true);
    expect(isOnGrid(new Date(at(10).getTime() + 1), 60)).toBe(false);
  });

  it('lists the slots that start in a range, across days, each a duration long', () => {
    expect(gridSlots(50, at(0), at(24))).toHaveLength(28);
    const slots = gridSlots(90, at(21), at(24 + 3));
    expect(slots.map((s) => [s.startsAt.toISOString().slice(11, 16), s.endsAt.toISOString().slice(11, 16)])).toEqual([
      ['21:00', '22:30'],
      ['22:30', '00:00'],
      ['00:00', '01:30'],
      ['01:30', '03:00'],
    ]);
    expect(gridSlots(60, at(10, 1), at(12))).toEqual([{ startsAt: at(11), endsAt: at(12) }]);
    // A day before 1970 works too (the day start of a negative time).
    expect(isOnGrid(new Date(Date.UTC(1969, 11, 31, 10)), 60)).toBe(true);
  });
});

describe('booking moves', () => {
  it('requested -> confirmed -> completed, and either live status -> cancelled; nothing leaves completed or cancelled', () => {
    expect(canMoveBooking('requested', 'confirmed')).toBe(true);
    expect(canMoveBooking('requested', 'cancelled')).toBe(true);
    expect(canMoveBooking('confirmed', 'completed')).toBe(true);
    expect(canMoveBooking('confirmed', 'cancelled')).toBe(true);
    expect(canMoveBooking('requested', 'completed')).toBe(false);
    expect(canMoveBooking('completed', 'cancelled')).toBe(false);
    expect(canMoveBooking('cancelled', 'confirmed')).toBe(false);
    expect(canMoveBooking('confirmed', 'requested')).toBe(false);
  });
});

it('names a time in UTC, the same for every reader', () => {
  expect(formatUtc(at(9, 5))).toBe('09:05 UTC, Mon, 7 Jan 2030');
});
