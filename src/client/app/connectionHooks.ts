import { useEffect, useState, useSyncExternalStore } from 'react';
import { useClientRuntime } from './ClientRuntime.js';
import { connectionStatus, type ConnectionStatus } from './connectionStore.js';

/**
 * Marks a view that streams, while `active` (its subscription is enabled); the first one
 * turns an idle, closed socket into "connecting".
 */
export function useLiveView(active: boolean): void {
  const { connection } = useClientRuntime();
  useEffect(() => (active ? connection.addLiveView() : undefined), [active, connection]);
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
  const { connection } = useClientRuntime();
  const snapshot = useSyncExternalStore(connection.subscribe, connection.getSnapshot);
  const online = useBrowserOnline();
  const now = useNow(snapshot.liveViews > 0 && snapshot.state !== 'live');
  return connectionStatus(snapshot, online, now);
}
