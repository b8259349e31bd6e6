import { describe, expect, it } from 'vitest';
import { bucketEdges } from './buckets.js';

const iso = (edges: Date[]) => edges.map((e) => e.toISOString());

describe('chart bucket edges', () => {
  it('cuts days at the midnights of the given zone: New York across its spring DST change (a 23-hour day)', () => {
    const edges = bucketEdges(new Date('2026-03-07T05:00:00Z'), new Date('2026-03-10T04:00:00Z'), 'day', 'America/New_York');
    expect(iso(edges)).toEqual(['2026-03-07T05:00:00.000Z', '2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z', '2026-03-10T04:00:00.000Z']);
  });

  it('and across the autumn one (25 hours), and in a half-hour zone', () => {
    expect(iso(bucketEdges(new Date('2026-10-31T04:00:00Z'), new Date('2026-11-02T05:00:00Z'), 'day', 'America/New_York'))).toEqual([
      '2026-10-31T04:00:00.000Z',
      '2026-11-01T04:00:00.000Z',
      '2026-11-02T05:00:00.000Z',
    ]);
    expect(iso(bucketEdges(new Date('2026-03-08T18:30:00Z'), new Date('2026-03-10T18:30:00Z'), 'day', 'Asia/Kolkata'))).toEqual([
      '2026-03-08T18:30:00.000Z',
      '2026-03-09T18:30:00.000Z',
      '2026-03-10T18:30:00.000Z',
    ]);
  });

  it('makes partial first and last days when from and to are not midnights, and hours as one-hour steps', () => {
    expect(iso(bucketEdges(new Date('2026-03-09T12:00:00Z'), new Date('2026-03-11T06:00:00Z'), 'day', 'UTC'))).toEqual([
      '2026-03-09T12:00:00.000Z',
      '2026-03-10T00:00:00.000Z',
      '2026-03-11T00:00:00.000Z',
      '2026-03-11T06:00:00.000Z',
    ]);
    expect(iso(bucketEdges(new Date('2026-03-10T00:30:00Z'), new Date('2026-03-10T03:00:00Z'), 'hour', 'UTC'))).toEqual([
      '2026-03-10T00:30:00.000Z',
      '2026-03-10T01:30:00.000Z',
      '2026-03-10T02:30:00.000Z',
      '2026-03-10T03:00:00.000Z',
    ]);
    // A year of Berlin days, DST changes and all: 365 buckets.
    expect(bucketEdges(new Date('2025-03-10T23:00:00Z'), new Date('2026-03-10T23:00:00Z'), 'day', 'Europe/Berlin')).toHaveLength(366);
  });
});
