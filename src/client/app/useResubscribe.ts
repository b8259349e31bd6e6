import { useEffect } from 'react';
import { reconnectDelayMs } from '../sdk/createShopwireClient.js';
import { errorCode } from '../utils/describeError.js';

interface SubscriptionLike {
  status: 'idle' | 'connecting' | 'pending' | 'error';
  error: unknown;
  reset: () => void;
}

/**
 * wsLink resumes a stream by itself after a dropped socket, but a stream the server
 * ended with an error (e.g. TOO_MANY_REQUESTS: this tab fell behind) stays ended.
 * Start it again, after a jittered pause, from wherever the caller has set its input to.
 */
export function useResubscribe(subscription: SubscriptionLike, attempt: number): void {
  const { status, error, reset } = subscription;
  useEffect(() => {
    if (status !== 'error' || errorCode(error) === 'UNAUTHORIZED' || errorCode(error) === 'FORBIDDEN') return undefined;
    const timer = window.setTimeout(reset, reconnectDelayMs(Math.min(attempt, 6)));
    return () => window.clearTimeout(timer);
  }, [status, error, reset, attempt]);
}
