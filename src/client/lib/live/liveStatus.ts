import type { LivePhase } from './liveStream.js';

/** What a live view tells its reader about the stream behind it. */
export type LiveStatus = 'loading' | 'connecting' | 'live' | 'reconnecting' | 'stopped';

interface SubscriptionState {
  status: 'idle' | 'connecting' | 'pending' | 'error';
  error: unknown;
}

export function liveStatus(phase: LivePhase, subscription: SubscriptionState): { status: LiveStatus; error: unknown } {
  switch (phase.kind) {
    case 'waiting':
      return { status: 'loading', error: null };
    case 'retrying':
    case 'reloading':
      return { status: 'reconnecting', error: phase.error };
    case 'stopped':
      return { status: 'stopped', error: phase.error };
    case 'following':
      switch (subscription.status) {
        case 'pending':
          return { status: 'live', error: null };
        // wsLink is getting a dropped socket back (it resumes the stream by itself), or the
        // server just ended the stream and the error is on its way to the phase.
        case 'error':
          return { status: 'reconnecting', error: subscription.error };
        case 'connecting':
          return subscription.error ? { status: 'reconnecting', error: null } : { status: 'connecting', error: null };
        case 'idle':
          return { status: 'connecting', error: null };
      }
  }
}
