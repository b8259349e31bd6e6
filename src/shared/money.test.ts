import { describe, expect, it } from 'vitest';
import { formatMoney } from './money.js';

describe('money', () => {
  it('formats integer cents', () => {
    expect(formatMoney(123456, 'USD', 'en-US')).toBe('$1,234.56');
    expect(formatMoney(-5, 'USD', 'en-US')).toBe('-$0.05');
  });
});
