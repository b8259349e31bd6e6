import { Alert } from '@mantine/core';
import { describeError } from '../../../utils/describeError.js';

interface SubscriptionLike {
  status: 'idle' | 'connecting' | 'pending' | 'error';
  error: unknown;
}

/** Says when live updates are paused and why; the figures stay correct and catch up on resume. */
export function StreamNotice({ subscription }: { subscription: SubscriptionLike }) {
  if (subscription.status !== 'error') return null;
  const { title, message } = describeError(subscription.error);
  return (
    <Alert color="yellow" title={`Live updates paused: ${title}`} role="status">
      {message} Resuming from the last update received.
    </Alert>
  );
}
