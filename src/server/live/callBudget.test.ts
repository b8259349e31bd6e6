import { expect, it } from 'vitest';
import { createCallBudget } from './callBudget.js';

it('lets a burst through, then one call per 1/rate seconds, and says how long to wait', () => {
  let now = 0;
  const budget = createCallBudget(10, 3, () => now);
  expect([budget.take(), budget.take(), budget.take()]).toEqual([0, 0, 0]);
  expect(budget.take()).toBeCloseTo(0.1);
  expect(budget.refusedInARow).toBe(1);
  now += 50;
  expect(budget.take()).toBeCloseTo(0.05);
  expect(budget.refusedInARow).toBe(2);
  now += 50;
  expect(budget.take()).toBe(0);
  expect(budget.refusedInARow).toBe(0);
  // A long pause refills no more than the burst.
  now += 60_000;
  expect([budget.take(), budget.take(), budget.take(), budget.take() > 0]).toEqual([0, 0, 0, true]);
});

it('0 calls per second means no limit', () => {
  const budget = createCallBudget(0, 0, () => 0);
  for (let i = 0; i < 1000; i++) expect(budget.take()).toBe(0);
});
