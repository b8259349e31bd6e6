import { describe, expect, it } from 'vitest';
import { canMoveOrder, NEXT_STATUSES, ORDER_STATUSES } from './orderStatus.js';

describe('order status moves', () => {
  it("are exactly the contract's", () => {
    const allowed = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.filter((to) => canMoveOrder(from, to)).map((to) => `${from}->${to}`));
    expect(allowed.sort()).toEqual(
      ['pending->confirmed', 'confirmed->shipped', 'shipped->delivered', 'pending->cancelled', 'confirmed->cancelled'].sort(),
    );
    expect(Object.keys(NEXT_STATUSES).sort()).toEqual([...ORDER_STATUSES].sort());
  });
});
