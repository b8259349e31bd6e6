import type { Announcement } from '../../../../shared/announcements.js';

/** What the banner shows: not dismissed here, not ended, newest first, each once. */
export function visibleAnnouncements(all: readonly Announcement[], dismissed: ReadonlySet<string>, now: Date): Announcement[] {
  const seen = new Set<string>();
  return [...all]
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .filter((a) => {
      if (seen.has(a.id) || dismissed.has(a.id)) return false;
      seen.add(a.id);
      return a.endsAt === null || a.endsAt.getTime() > now.getTime();
    });
}

/** When the banner next has to change by itself: the soonest end still ahead. */
export function nextEnd(shown: readonly Announcement[], now: Date): number | null {
  const ends = shown.map((a) => a.endsAt?.getTime()).filter((t): t is number => t !== undefined && t > now.getTime());
  return ends.length === 0 ? null : Math.min(...ends);
}
