import { randomUUID } from 'node:crypto';

export interface IdSource {
  /** A new UUIDv7, greater than every id this source has handed out before. */
  next(): string;
}

const COUNTER_LIMIT = 0x1000; // rand_a is 12 bits

/**
 * UUIDv7s (RFC 9562) that sort in the order they were made: 48 bits of milliseconds, then a
 * 12-bit counter in rand_a (RFC 9562 §6.2, method 1), then random bits.
 *
 * Order ids double as the tie-break of "newest first" within one millisecond, and a few orders
 * share a millisecond at any real rate: with a random rand_a, an order could list before the
 * one placed just ahead of it. The counter starts at a random value below half its range each
 * millisecond (so ids stay hard to guess and it cannot run out early); if it does run out, or
 * the clock steps back, the id borrows the next millisecond rather than break the order.
 *
 * Being time-ordered, a new order's rows also go to the end of their indexes instead of onto
 * random pages, which is most of what a commit has to write. The random tail comes from
 * randomUUID, which draws from a cached pool (randomBytes per id was a syscall each).
 */
export function createIdSource(nowMs: () => number = Date.now): IdSource {
  let lastMs = -1;
  let counter = 0;
  return {
    next() {
      const now = nowMs();
      if (now > lastMs) {
        lastMs = now;
        counter = Math.floor(Math.random() * (COUNTER_LIMIT / 2));
      } else if (++counter === COUNTER_LIMIT) {
        lastMs += 1;
        counter = 0;
      }
      const time = lastMs.toString(16).padStart(12, '0');
      // A v4 UUID is xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx: keep its random tail and RFC variant nibble.
      return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${counter.toString(16).padStart(3, '0')}${randomUUID().slice(18)}`;
    },
  };
}
