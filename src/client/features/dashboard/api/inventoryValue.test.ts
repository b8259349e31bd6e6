import { describe, expect, it } from 'vitest';
import { inventoryValue } from './inventoryValue.js';

describe('inventory value', () => {
  it('is every product’s stock times its cost', () => {
    expect(inventoryValue([])).toBe(0);
    expect(
      inventoryValue([
        { stock: 3, costCents: 250 },
        { stock: 0, costCents: 999 },
        { stock: 10, costCents: 100 },
      ]),
    ).toBe(1750);
  });

  it('is unknown (null) when the viewer sees no costs', () => {
    expect(inventoryValue([{ stock: 3, costCents: null }])).toBeNull();
  });
});
