import { describe, expect, it } from 'vitest';
import { lossPerSale } from './lossPerSale.js';

describe('loss per sale (the cost-above-price warning)', () => {
  it('is the cost minus the price, in cents, when the cost is above it', () => {
    expect(lossPerSale(5, 8.25)).toBe(325);
    expect(lossPerSale('9.00', '9.01')).toBe(1);
  });

  it('is null at or below the price, and until both are typed', () => {
    expect(lossPerSale(5, 5)).toBeNull();
    expect(lossPerSale(5, 4.99)).toBeNull();
    expect(lossPerSale('', 3)).toBeNull();
    expect(lossPerSale(3, '')).toBeNull();
  });
});
