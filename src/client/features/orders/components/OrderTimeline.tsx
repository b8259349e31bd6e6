import { Text, Timeline } from '@mantine/core';
import type { OrderStatus } from '../../../../shared/orderStatus.js';
import type { TimelineEntry } from '../api/useOrderTimeline.js';

const HAPPY_PATH: OrderStatus[] = ['pending', 'confirmed', 'shipped', 'delivered'];
const LABEL: Record<OrderStatus, string> = {
  pending: 'Placed',
  confirmed: 'Confirmed',
  shipped: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
};
const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Steps reached so far with their times, then the steps still ahead (none once cancelled). */
export function OrderTimeline({ entries }: { entries: readonly TimelineEntry[] }) {
  const reached = new Map(entries.map((entry) => [entry.status, entry.at] as const));
  const cancelled = reached.has('cancelled');
  const steps = cancelled ? [...HAPPY_PATH.filter((s) => reached.has(s)), 'cancelled' as const] : HAPPY_PATH;
  const active = steps.reduce((last, step, index) => (reached.has(step) ? index : last), -1);
  return (
    <Timeline active={active} bulletSize={18} lineWidth={2} color={cancelled ? 'red' : undefined} data-testid="timeline">
      {steps.map((step) => {
        const at = reached.get(step);
        return (
          <Timeline.Item key={step} title={LABEL[step]} data-step={step} data-reached={at !== undefined}>
            <Text size="xs" c="dimmed">
              {at ? when.format(at) : 'Not yet'}
            </Text>
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
