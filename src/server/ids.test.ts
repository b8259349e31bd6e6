import { describe, expect, it } from 'vitest';
import { orderNumber } from '../shared/orderNumber.js';
import { createIdSource } from './ids.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('ids', () => {
  it("are UUIDv7s: version 7, RFC variant, the clock's milliseconds first, unique", () => {
    let now = 1_700_000_000_000;
    const ids = createIdSource(() => now);
    const a = ids.next();
    now += 1;
    const b = ids.next();
    expect(a).toMatch(UUID_V7);
    expect(a.slice(0, 13)).toBe('018bcfe5-6800');
    expect(b.slice(0, 13)).toBe('018bcfe5-6801');
    const many = Array.from({ length: 1000 }, () => createIdSource().next());
    expect(new Set(many).size).toBe(1000);
  });

  it("sort in the order they were made within one millisecond, past the counter's end and when the clock steps back", () => {
    let now = 1_700_000_000_000;
    const ids = createIdSource(() => now);
    // 5,000 in one millisecond is more than the 12-bit counter holds, so some borrow the next one.
    const made = Array.from({ length: 5000 }, () => ids.next());
    now -= 1000;
    made.push(ids.next(), ids.next());
    now += 5000;
    made.push(ids.next());
    for (const id of made) expect(id).toMatch(UUID_V7);
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(made.length);
    expect(made.at(-1)?.slice(0, 13)).toBe('018bcfe5-77a0');
  });

  it('of one millisecond still give orders different numbers (the number is taken from the random end)', () => {
    const ids = createIdSource(() => 1_700_000_000_000);
    const numbers = Array.from({ length: 200 }, () => orderNumber(ids.next()));
    expect(new Set(numbers).size).toBe(200);
  });
});
