import { expect, it } from 'vitest';
import type { Announcement } from '../../../../shared/announcements.js';
import { nextEnd, visibleAnnouncements } from './currentAnnouncements.js';

const at = (ms: number) => new Date(ms);
const a = (id: string, created: number, ends: number | null): Announcement => ({ id, title: id, body: '', severity: 'info', createdAt: at(created), endsAt: ends === null ? null : at(ends) });

it('shows the ones not ended and not dismissed, newest first, each once', () => {
  const all = [a('old', 1, null), a('ended', 2, 50), a('new', 3, 500), a('new', 3, 500), a('gone', 4, null)];
  expect(visibleAnnouncements(all, new Set(['gone']), at(100)).map((x) => x.id)).toEqual(['new', 'old']);
  expect(visibleAnnouncements(all, new Set(), at(500)).map((x) => x.id)).toEqual(['gone', 'old']);
});

it('knows when the next one ends', () => {
  expect(nextEnd([a('x', 1, 300), a('y', 1, 200), a('z', 1, null)], at(100))).toBe(200);
  expect(nextEnd([a('z', 1, null)], at(100))).toBeNull();
});
