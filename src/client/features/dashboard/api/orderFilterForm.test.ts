import { describe, expect, it } from 'vitest';
import { EMPTY_ORDER_FILTERS, exportQuery, hasOrderFilters, orderFiltersOf } from './orderFilterForm.js';

describe('the orders filter bar', () => {
  it('sends nothing for an empty bar, and a trimmed search, status and payment as typed', () => {
    expect(orderFiltersOf(EMPTY_ORDER_FILTERS)).toEqual({ filters: {}, rangeProblem: null });
    expect(hasOrderFilters(orderFiltersOf(EMPTY_ORDER_FILTERS).filters)).toBe(false);
    const { filters } = orderFiltersOf({ ...EMPTY_ORDER_FILTERS, search: '  #9e4f ', status: 'pending', paymentStatus: 'paid' });
    expect(filters).toEqual({ search: '#9e4f', status: 'pending', paymentStatus: 'paid' });
    expect(hasOrderFilters(filters)).toBe(true);
  });

  it('turns days into local midnights, the last day included', () => {
    const { filters } = orderFiltersOf({ ...EMPTY_ORDER_FILTERS, firstDay: '2026-03-01', lastDay: '2026-03-31' });
    expect(filters.from).toEqual(new Date(2026, 2, 1));
    expect(filters.to).toEqual(new Date(2026, 3, 1));
  });

  it('leaves out a half-filled, backwards or too long range and says why', () => {
    expect(orderFiltersOf({ ...EMPTY_ORDER_FILTERS, status: 'shipped', firstDay: '2026-03-01' })).toEqual({ filters: { status: 'shipped' }, rangeProblem: 'Pick the first and the last day' });
    expect(orderFiltersOf({ ...EMPTY_ORDER_FILTERS, firstDay: '2026-03-02', lastDay: '2026-03-01' }).rangeProblem).toBe('The last day comes before the first');
    expect(orderFiltersOf({ ...EMPTY_ORDER_FILTERS, firstDay: '2016-01-01', lastDay: '2026-01-01' }).rangeProblem).toMatch(/at most 366 days/);
  });

  it('gives the export the same filters, dates as ISO instants', () => {
    const { filters } = orderFiltersOf({ search: 'Bea, "B"', status: 'cancelled', paymentStatus: 'refunded', firstDay: '2026-03-01', lastDay: '2026-03-01' });
    const params = new URLSearchParams(exportQuery('shop-1', filters));
    expect(Object.fromEntries(params)).toEqual({
      shopId: 'shop-1',
      status: 'cancelled',
      paymentStatus: 'refunded',
      search: 'Bea, "B"',
      from: new Date(2026, 2, 1).toISOString(),
      to: new Date(2026, 2, 2).toISOString(),
    });
  });
});
