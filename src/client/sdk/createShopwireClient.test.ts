import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from './createShopwireClient.js';

describe('reconnect backoff', () => {
  it('grows with the attempt, stays within half to all of its ceiling, and is capped', () => {
    expect(reconnectDelayMs(0, () => 0)).toBe(125);
    expect(reconnectDelayMs(0, () => 1)).toBe(250);
    expect(reconnectDelayMs(3, () => 0.5)).toBe(1500);
    expect(reconnectDelayMs(30, () => 1)).toBe(10_000);
    const spread = new Set(Array.from({ length: 50 }, () => reconnectDelayMs(4)));
    expect(spread.size).toBeGreaterThan(10);
  });
});
