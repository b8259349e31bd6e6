export type SocketState = 'connecting' | 'live' | 'offline';
export type ConnectionStatus = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'offline';

/** A drop shorter than this is shown as "Reconnecting"; longer means the server or network is really gone. */
export const OFFLINE_AFTER_MS = 2_500;

export interface ConnectionSnapshot {
  state: SocketState;
  /** When the socket last left the live state; drives the Reconnecting -> Offline step. */
  droppedAt: number | null;
  everLive: boolean;
  /** Mounted views that hold a subscription. The socket is lazy: with none, a closed socket is simply idle. */
  liveViews: number;
}

export type ConnectionStore = ReturnType<typeof createConnectionStore>;

function initialSnapshot(): ConnectionSnapshot {
  return { state: 'connecting', droppedAt: null, everLive: false, liveViews: 0 };
}

export function createConnectionStore() {
  let snapshot = initialSnapshot();
  const listeners = new Set<() => void>();

  function publish(next: ConnectionSnapshot): void {
    snapshot = next;
    for (const listener of listeners) listener();
  }

  return {
    getSnapshot: (): ConnectionSnapshot => snapshot,

    subscribe: (listener: () => void): (() => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    reportSocketState: (state: SocketState): void => {
      const droppedAt = state === 'live' ? null : (snapshot.droppedAt ?? Date.now());
      publish({ ...snapshot, state, droppedAt, everLive: snapshot.everLive || state === 'live' });
    },

    /**
     * A fresh client (new sign-in) starts over instead of inheriting the previous socket's outage.
     * Called while rendering, so it tells no one: the new identity remounts every reader anyway.
     */
    resetSocketState: (): void => {
      snapshot = initialSnapshot();
    },

    /**
     * Marks a view that streams until the returned function is called; the first one
     * turns an idle, closed socket into "connecting".
     */
    addLiveView: (): (() => void) => {
      const woke = snapshot.liveViews === 0 && snapshot.state !== 'live';
      publish(woke ? { state: 'connecting', droppedAt: null, everLive: false, liveViews: 1 } : { ...snapshot, liveViews: snapshot.liveViews + 1 });
      return () => publish({ ...snapshot, liveViews: snapshot.liveViews - 1 });
    },
  };
}

export function connectionStatus({ state, droppedAt, everLive, liveViews }: ConnectionSnapshot, online: boolean, now: number): ConnectionStatus {
  if (liveViews === 0) return 'idle';
  if (state === 'live') return 'live';
  if (!online) return 'offline';
  if (droppedAt !== null && now - droppedAt >= OFFLINE_AFTER_MS) return 'offline';
  return everLive ? 'reconnecting' : 'connecting';
}
