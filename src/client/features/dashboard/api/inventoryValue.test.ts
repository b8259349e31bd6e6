import { describe, expect, it } from 'vitest';
import { editsDetails, inventoryValue } from './inventoryValue.js';

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

describe('editsDetails', () => {
  const known = [
    { id: 'a', stock: 5 },
    { id: 'b', stock: 0 },
  ];
  it('takes an update that keeps a product’s stock for an edit of its details', () => {
    expect(editsDetails([{ productId: 'a', stock: 5 }], known)).toBe(true);
  });
  it('does not for a movement or a product the list does not have yet', () => {
    expect(editsDetails([{ productId: 'a', stock: 4 }], known)).toBe(false);
    expect(editsDetails([{ productId: 'c', stock: 4 }], known)).toBe(false);
    expect(editsDetails([{ productId: 'a', stock: 4 }], undefined)).toBe(false);
  });
});
