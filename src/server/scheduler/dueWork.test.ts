import { describe, expect, it } from 'vitest';
import { startDueWork, type DueTask } from './dueWork.js';

/** A task over an in-memory list of due times, done items marked as a row would be. */
function listTask(name: string, dueTimes: number[]) {
  const items = dueTimes.map((at) => ({ at, doneAt: null as number | null }));
  const task: DueTask = {
    name,
    nextDueAt: () => Promise.resolve(items.filter((i) => i.doneAt === null).reduce<number | null>((min, i) => (min === null || i.at < min ? i.at : min), null)),
    runDue: (now) => {
      for (const item of items) if (item.doneAt === null && item.at <= now) item.doneAt = now;
      return Promise.resolve();
    },
  };
  const doneAt = (i: number) => items[i]?.doneAt ?? null;
  return { task, items, doneAt };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  return check();
};

describe('due work', () => {
  it('does what was already due at start, then each item when it falls due, once', async () => {
    const start = Date.now();
    const { task, doneAt } = listTask('list', [start - 60_000, start + 80, start + 3_600_000]);
    const work = startDueWork({ tasks: [task], clock: { now: () => new Date() }, onError: (e) => { throw e; } });
    try {
      expect(await until(() => doneAt(0) !== null)).toBe(true);
      expect(await until(() => doneAt(1) !== null)).toBe(true);
      expect(doneAt(1)).toBeGreaterThanOrEqual(start + 80);
      expect(doneAt(2)).toBeNull();
    } finally {
      await work.stop();
    }
  });

  it('a poke sees work added sooner than the current sleep', async () => {
    const { task, items, doneAt } = listTask('list', [Date.now() + 3_600_000]);
    const work = startDueWork({ tasks: [task], clock: { now: () => new Date() }, onError: (e) => { throw e; } });
    try {
      items.push({ at: Date.now() + 50, doneAt: null });
      work.poke();
      expect(await until(() => doneAt(1) !== null)).toBe(true);
      expect(doneAt(0)).toBeNull();
    } finally {
      await work.stop();
    }
  });

  it('one failing task is reported and does not keep the others from running', async () => {
    const failures: string[] = [];
    const broken: DueTask = { name: 'broken', nextDueAt: () => Promise.resolve(null), runDue: () => Promise.reject(new Error('boom')) };
    const { task, doneAt } = listTask('list', [Date.now() - 1]);
    const work = startDueWork({ tasks: [broken, task], clock: { now: () => new Date() }, onError: (_e, name) => failures.push(name) });
    try {
      expect(await until(() => doneAt(0) !== null)).toBe(true);
      expect(failures).toContain('broken');
    } finally {
      await work.stop();
    }
  });

  it('a poke naming a due time after the next look changes nothing; one due sooner looks again', async () => {
    let passes = 0;
    const task: DueTask = { name: 'count', nextDueAt: () => Promise.resolve(null), runDue: () => Promise.resolve(void passes++) };
    const start = Date.now();
    const work = startDueWork({ tasks: [task], clock: { now: () => new Date() }, onError: (e) => { throw e; }, maxSleepMs: 60_000 });
    try {
      expect(await until(() => passes === 1)).toBe(true);
      // Let the first look set its timer (a minute on).
      await new Promise((r) => setTimeout(r, 20));
      work.poke(start + 120_000);
      await new Promise((r) => setTimeout(r, 50));
      expect(passes).toBe(1);
      work.poke(start + 1_000);
      expect(await until(() => passes === 2)).toBe(true);
    } finally {
      await work.stop();
    }
  });
});
