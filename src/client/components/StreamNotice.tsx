import { Alert } from '@mantine/core';
import type { LiveStreamView } from '../lib/live/useLiveStream.js';
import { describeError } from '../utils/describeError.js';

/** Says when a view's live updates are paused or have stopped, and why; a paused view catches up on resume. */
export function StreamNotice({ stream }: { stream: LiveStreamView }) {
  if (!stream.error || (stream.status !== 'reconnecting' && stream.status !== 'stopped')) return null;
  const { title, message, code } = describeError(stream.error);
  return stream.status === 'stopped' ? (
    <Alert color="red" title={`Live updates stopped: ${title}`} role="alert" data-testid="stream-notice">
      {message}
    </Alert>
  ) : (
    <Alert color="yellow" title={`Live updates paused: ${title}`} role="status" data-testid="stream-notice">
      {message}
      {code === 'PRECONDITION_FAILED' ? null : ' Resuming from the last update received.'}
    </Alert>
  );
}
