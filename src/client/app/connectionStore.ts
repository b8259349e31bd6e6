import { useEffect, useState, useSyncExternalStore } from 'react';

export type SocketState = 'connecting' | 'live' | 'offline';
export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';

/** A drop shorter than this is shown as "Reconnecting"; longer means the server or network is really gone. */
export const OFFLINE_AFTER_MS = 2_500;

interface Snapshot {
  state: SocketState;
  /** When the socket last left the live state; drives the Reconnecting -> Offline step. */
  droppedAt: number | null;
  everLive: boolean;
}

let snapshot: Snapshot = { state: 'connecting', droppedAt: null, everLive: false };
const listeners = new Set<() => void>();

export function reportSocketState(state: SocketState): void {
  const droppedAt = state === 'live' ? null : (snapshot.droppedAt ?? Date.now());
  snapshot = { state, droppedAt, everLive: snapshot.everLive || state === 'live' };
  for (const listener of listeners) listener();
}

/**
 * A fresh client (new sign-in) starts over instead of inheriting the previous socket's outage.
 * Called while rendering, so it tells no one: the new identity remounts every reader anyway.
 */
export function resetSocketState(): void {
  snapshot = { state: 'connecting', droppedAt: null, everLive: false };
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
  const { state, droppedAt, everLive } = useSyncExternalStore(subscribe, () => snapshot);
  const online = useBrowserOnline();
  const now = useNow(state !== 'live');
  if (state === 'live') return 'live';
  if (!online) return 'offline';
  if (droppedAt !== null && now - droppedAt >= OFFLINE_AFTER_MS) return 'offline';
  return everLive ? 'reconnecting' : 'connecting';
}
