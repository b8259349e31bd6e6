import { expect, it } from 'vitest';
import { FEED_SIZE, initialLiveView, liveViewReducer, mostViewed } from './liveViewState.js';

const snapshot = { type: 'snapshot' as const, visitors: 2, viewersByProduct: { p1: 1 }, team: [{ userId: 'u1', name: 'Sam', online: false }] };

it('a snapshot replaces the figures and keeps the feed; changes and members apply on top', () => {
  let state = liveViewReducer(initialLiveView, { type: 'activity', kind: 'added_to_cart', productId: 'p1', at: new Date(1) });
  state = liveViewReducer(state, snapshot);
  expect(state).toMatchObject({ ready: true, visitors: 2, viewersByProduct: { p1: 1 } });
  expect(state.activity).toHaveLength(1);
  state = liveViewReducer(state, { type: 'visitors', visitors: 3, viewersByProduct: { p1: 2, p2: 1 } });
  state = liveViewReducer(state, { type: 'member_online', userId: 'u1' });
  expect(state.team).toEqual([{ userId: 'u1', name: 'Sam', online: true }]);
  expect(state.visitors).toBe(3);
  state = liveViewReducer(state, { type: 'member_offline', userId: 'u1' });
  expect(state.team[0]?.online).toBe(false);
});

it('keeps the newest activity first, up to the feed size', () => {
  let state = liveViewReducer(initialLiveView, snapshot);
  for (let i = 0; i < FEED_SIZE + 5; i++) state = liveViewReducer(state, { type: 'activity', kind: 'viewing_product', productId: `p${i}`, at: new Date(i) });
  expect(state.activity).toHaveLength(FEED_SIZE);
  expect(state.activity[0]?.productId).toBe(`p${FEED_SIZE + 4}`);
});

it('ranks products by viewers, most first, leaving out those with none', () => {
  expect(mostViewed({ a: 1, b: 3, c: 0, d: 3 })).toEqual([
    { productId: 'b', viewers: 3 },
    { productId: 'd', viewers: 3 },
    { productId: 'a', viewers: 1 },
  ]);
});
