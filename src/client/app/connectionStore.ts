import { useEffect, useState, useSyncExternalStore } from 'react';

export type SocketState = 'connecting' | 'live' | 'offline';
export type ConnectionStatus = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'offline';

/** A drop shorter than this is shown as "Reconnecting"; longer means the server or network is really gone. */
export const OFFLINE_AFTER_MS = 2_500;

interface Snapshot {
  state: SocketState;
  /** When the socket last left the live state; drives the Reconnecting -> Offline step. */
  droppedAt: number | null;
  everLive: boolean;
  /** Mounted views that hold a subscription. The socket is lazy: with none, a closed socket is simply idle. */
  liveViews: number;
}

let snapshot: Snapshot = { state: 'connecting', droppedAt: null, everLive: false, liveViews: 0 };
const listeners = new Set<() => void>();

function publish(next: Snapshot): void {
  snapshot = next;
  for (const listener of listeners) listener();
}

export function reportSocketState(state: SocketState): void {
  const droppedAt = state === 'live' ? null : (snapshot.droppedAt ?? Date.now());
  publish({ ...snapshot, state, droppedAt, everLive: snapshot.everLive || state === 'live' });
}

/**
 * A fresh client (new sign-in) starts over instead of inheriting the previous socket's outage.
 * Called while rendering, so it tells no one: the new identity remounts every reader anyway.
 */
export function resetSocketState(): void {
  snapshot = { state: 'connecting', droppedAt: null, everLive: false, liveViews: 0 };
}

/**
 * Marks a view that streams, while `active` (its subscription is enabled); the first one
 * turns an idle, closed socket into "connecting".
 */
export function useLiveView(active: boolean): void {
  useEffect(() => {
    if (!active) return undefined;
    const woke = snapshot.liveViews === 0 && snapshot.state !== 'live';
    publish(woke ? { state: 'connecting', droppedAt: null, everLive: false, liveViews: 1 } : { ...snapshot, liveViews: snapshot.liveViews + 1 });
    return () => publish({ ...snapshot, liveViews: snapshot.liveViews - 1 });
  }, [active]);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return undefined;
    const timer = window.setInterval(() => setNow(Date.now()), 500);
    return () => window.clearInterval(timer);
  }, [active]);
  return now;
}

function useBrowserOnline(): boolean {
  return useSyncExternalStore(
    (listener) => {
      window.addEventListener('online', listener);
      window.addEventListener('offline', listener);
      return () => {
        window.removeEventListener('online', listener);
        window.removeEventListener('offline', listener);
      };
    },
    () => navigator.onLine,
  );
}

export function useConnectionStatus(): ConnectionStatus {
  const { state, droppedAt, everLive, liveViews } = useSyncExternalStore(subscribe, () => snapshot);
  const online = useBrowserOnline();
  const now = useNow(liveViews > 0 && state !== 'live');
  if (liveViews === 0) return 'idle';
  if (state === 'live') return 'live';
  if (!online) return 'offline';
  if (droppedAt !== null && now - droppedAt >= OFFLINE_AFTER_MS) return 'offline';
  return everLive ? 'reconnecting' : 'connecting';
}
