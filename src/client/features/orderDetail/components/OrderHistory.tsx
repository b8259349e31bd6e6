import { Paper, Text, Timeline, Title } from '@mantine/core';
import { isPaymentEvent, type OrderStreamEvent } from '../../../../shared/events.js';
import { money } from '../../../utils/money.js';
import type { HistoryEntry } from '../api/orderHistory.js';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** What happened to the order, in order: status moves and payment steps, with their times. */
export function OrderHistory({ entries }: { entries: readonly HistoryEntry[] }) {
  return (
    <Paper withBorder p="md" component="section" aria-label="History">
      <Title order={3} size="h4" mb="sm">
        History
      </Title>
      {entries.length === 0 ? (
        <Text size="sm" c="dimmed">
          Loading the history…
        </Text>
      ) : (
        <Timeline active={entries.length - 1} bulletSize={14} lineWidth={2} data-testid="detail-history">
          {entries.map(({ eventId, event }) => (
            <Timeline.Item key={eventId} title={title(event)} data-kind={isPaymentEvent(event) ? event.type : event.status} color={color(event)}>
              <Text size="xs" c="dimmed">
                {when.format(event.at)}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Paper>
  );
}

/** Staff get no amounts (null): the step is named without one. */
function title(event: OrderStreamEvent): string {
  if (!isPaymentEvent(event)) {
    if (event.previousStatus === null) return 'Placed';
    const moved = `${event.previousStatus} → ${event.status}`;
    return event.trackingNumber ? `${moved} (tracking ${event.trackingNumber})` : moved;
  }
  const amount = event.amountCents === null ? '' : ` ${money(event.amountCents)}`;
  switch (event.type) {
    case 'payment_received':
      return `Paid${amount}`;
    case 'payment_failed':
      return `Payment of${amount || ' the order'} declined: ${event.payment.declineReason ?? 'no reason given'}`;
    case 'payment_refunded':
      return `Refunded${amount}`;
  }
}

function color(event: OrderStreamEvent): string | undefined {
  if (!isPaymentEvent(event)) return event.status === 'cancelled' ? 'red' : undefined;
  return event.type === 'payment_failed' ? 'red' : event.type === 'payment_refunded' ? 'orange' : 'green';
}
