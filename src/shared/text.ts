import { z } from 'zod';

export const BROKEN_TEXT_MESSAGE = 'must be valid text (it contains a broken character)';

// With the `u` flag a surrogate pair is one code point (an emoji, say), so only a half of one,
// which no UTF-8 can hold, is category Cs. SQLite would store it as U+FFFD and the answer would
// echo the original: the stored text and the answer would differ.
const LONE_SURROGATE = /\p{Cs}/u;

export function isWellFormedText(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}

/** Any text a caller sends that is stored or compared as sent (keys, passwords): nothing broken in it. */
export function wellFormedText() {
  return z.string().refine(isWellFormedText, { message: BROKEN_TEXT_MESSAGE, abort: true });
}

/** Text a person types (names, SKUs, reasons): well formed, trimmed, 1 to `max` characters. */
export function textField(max: number) {
  return wellFormedText().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
}

/** An email address as typed at sign-up. */
export function emailField() {
  return wellFormedText().pipe(z.email('must be an email address, like name@example.com').max(254, 'must be at most 254 characters'));
}
