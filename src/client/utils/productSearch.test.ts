import { describe, expect, it } from 'vitest';
import { matchesSearch } from './productSearch.js';

describe('product search', () => {
  const decaf = { name: 'Décaf Colombia, 250 g', sku: 'DC-COL' };

  it('matches every typed word in the name or SKU, ignoring case and accents', () => {
    expect(matchesSearch(decaf, '')).toBe(true);
    expect(matchesSearch(decaf, '   ')).toBe(true);
    expect(matchesSearch(decaf, 'decaf')).toBe(true);
    expect(matchesSearch(decaf, 'COLOMBIA decaf')).toBe(true);
    expect(matchesSearch(decaf, 'dc-col')).toBe(true);
    expect(matchesSearch(decaf, 'decaf kenya')).toBe(false);
    expect(matchesSearch({ name: 'Travel Mug' }, 'mug')).toBe(true);
  });
});
