import { Loader, Text } from '@mantine/core';
import { describeError } from '../../../utils/describeError.js';
import { useOrderTimeline } from '../api/useOrderTimeline.js';
import { OrderTimeline } from './OrderTimeline.js';

/** An order's steps with their times: its own stream, open only while the buyer looks at it. */
export function OrderProgress({ orderId }: { orderId: string }) {
  const { entries, stream } = useOrderTimeline(orderId);
  const ended = stream.error !== null && (stream.status === 'reconnecting' || stream.status === 'stopped');
  return (
    <>
      {ended && (
        <Text size="xs" c="var(--shopwire-warning-text)" role="status">
          {stream.status === 'stopped'
            ? `Live updates stopped (${describeError(stream.error).title}).`
            : `Live updates paused (${describeError(stream.error).title}); retrying.`}
        </Text>
      )}
      {entries.length === 0 && !ended ? <Loader size="xs" aria-label="Loading history" /> : <OrderTimeline entries={entries} />}
    </>
  );
}
