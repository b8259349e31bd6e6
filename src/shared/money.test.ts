import { describe, expect, it } from 'vitest';
import { formatMoney } from './money.js';

describe('money', () => {
  it('formats integer cents', () => {
    expect(formatMoney(123456, 'USD', 'en-US')).toBe('$1,234.56');
    expect(formatMoney(-5, 'USD', 'en-US')).toBe('-$0.05');
  });

  it('keeps a format per currency and locale', () => {
    expect(formatMoney(123456, 'EUR', 'de-DE')).toBe('1.234,56\u00a0€');
    expect(formatMoney(123456, 'USD', 'de-DE')).toBe('1.234,56\u00a0$');
    expect(formatMoney(123456, 'USD', 'en-US')).toBe('$1,234.56');
  });
});
