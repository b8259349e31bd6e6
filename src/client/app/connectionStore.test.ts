import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectionStatus, createConnectionStore, OFFLINE_AFTER_MS } from './connectionStore.js';

type Store = ReturnType<typeof createConnectionStore>;
const status = (store: Store, { online = true, now = Date.now() } = {}) => connectionStatus(store.getSnapshot(), online, now);

describe('connection status', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is idle while no view streams, whatever the socket does', () => {
    const store = createConnectionStore();
    expect(status(store)).toBe('idle');
    store.reportSocketState('offline');
    expect(status(store, { now: Date.now() + 10 * OFFLINE_AFTER_MS })).toBe('idle');
  });

  it('goes connecting, live, reconnecting, then offline once the drop outlasts OFFLINE_AFTER_MS', () => {
    const store = createConnectionStore();
    store.addLiveView();
    expect(status(store)).toBe('connecting');
    store.reportSocketState('live');
    expect(status(store)).toBe('live');

    store.reportSocketState('offline');
    const droppedAt = Date.now();
    expect(status(store, { now: droppedAt + OFFLINE_AFTER_MS - 1 })).toBe('reconnecting');
    expect(status(store, { now: droppedAt + OFFLINE_AFTER_MS })).toBe('offline');

    // Retrying does not restart the clock: the outage is measured from the first drop.
    vi.setSystemTime(droppedAt + 1_000);
    store.reportSocketState('connecting');
    expect(status(store, { now: droppedAt + OFFLINE_AFTER_MS })).toBe('offline');

    store.reportSocketState('live');
    expect(status(store, { now: droppedAt + 10 * OFFLINE_AFTER_MS })).toBe('live');
  });

  it('is offline at once when the browser says so', () => {
    const store = createConnectionStore();
    store.addLiveView();
    store.reportSocketState('live');
    store.reportSocketState('offline');
    expect(status(store, { online: false })).toBe('offline');
  });

  it('counts live views; the first on a closed socket starts over as connecting', () => {
    const store = createConnectionStore();
    const listener = vi.fn();
    store.subscribe(listener);
    const releaseA = store.addLiveView();
    store.reportSocketState('live');
    store.reportSocketState('offline'); // the lazy socket closed after the views went away
    const releaseB = store.addLiveView();
    expect(store.getSnapshot().liveViews).toBe(2);
    releaseA();
    releaseB();
    expect(status(store)).toBe('idle');
    expect(listener).toHaveBeenCalledTimes(6);

    store.addLiveView();
    expect(status(store, { now: Date.now() + 10 * OFFLINE_AFTER_MS })).toBe('connecting');
  });

  it('keeps live when a view joins an open socket', () => {
    const store = createConnectionStore();
    store.addLiveView();
    store.reportSocketState('live');
    store.addLiveView();
    expect(store.getSnapshot().liveViews).toBe(2);
    expect(status(store)).toBe('live');
  });

  it('reset forgets the previous outage without telling subscribers', () => {
    const store = createConnectionStore();
    const listener = vi.fn();
    store.addLiveView();
    store.reportSocketState('live');
    store.reportSocketState('offline');
    store.subscribe(listener);
    store.resetSocketState();
    expect(store.getSnapshot()).toEqual({ state: 'connecting', droppedAt: null, everLive: false, liveViews: 0 });
    expect(listener).not.toHaveBeenCalled();
  });
});
