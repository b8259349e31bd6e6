import { expect, it } from 'vitest';
import { BROKEN_TEXT_MESSAGE, isWellFormedText, textField } from './text.js';

it('tells a lone half of a surrogate pair, at either end or inside, from a whole pair', () => {
  expect(['plain', 'Socks \u{1F9E6}', 'Ünïcödé', ''].map(isWellFormedText)).toEqual([true, true, true, true]);
  expect(['\uD800', 'a\uDC00', 'a\uD83E', '\uDE00\uD83E', 'x\uD800y'].map(isWellFormedText)).toEqual([false, false, false, false, false]);
});

it('gives one issue in words for broken text, and trims and bounds the rest', () => {
  const name = textField(5);
  expect(name.safeParse('a\uD800').error?.issues.map((i) => i.message)).toEqual([BROKEN_TEXT_MESSAGE]);
  expect(name.parse('  ab  ')).toBe('ab');
  expect(name.safeParse('   ').success).toBe(false);
  expect(name.safeParse('abcdef').success).toBe(false);
});
