import { describe, expect, it } from 'vitest';
import { orderNumber } from './orderNumber.js';

describe('order numbers', () => {
  it("are the id's last 8 hex digits, upper case, after a #", () => {
    expect(orderNumber('01a20b29-4470-7aec-9e4f-7854d5ba6192')).toBe('#D5BA6192');
  });
});
