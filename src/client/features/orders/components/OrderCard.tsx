import { Button, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import type { Order } from '../../../../shared/domain.js';
import { orderNumber } from '../../../../shared/orderNumber.js';
import { describeError } from '../../../utils/describeError.js';
import { money } from '../../../utils/money.js';
import { StatusBadge } from '../../../components/StatusBadge.js';
import { useCancelOrder } from '../api/useCancelOrder.js';
import { useOrderTimeline } from '../api/useOrderTimeline.js';
import { OrderTimeline } from './OrderTimeline.js';

const placedAt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function OrderCard({ order }: { order: Order }) {
  const { entries, stream } = useOrderTimeline(order.id);
  // The stream is newer than the list the card came from.
  const status = entries.at(-1)?.status ?? order.status;
  const cancel = useCancelOrder();
  return (
    <Paper withBorder p="md" data-testid="my-order" data-order-id={order.id} data-status={status}>
      <Group justify="space-between" align="start" wrap="wrap" gap="md">
        <Stack gap={4} style={{ flex: '1 1 240px' }}>
          <Group gap="xs">
            <Text fw={600} data-testid="order-number">
              Order {orderNumber(order.id)}
            </Text>
            <StatusBadge status={status} />
          </Group>
          <Text size="sm" c="dimmed">
            {placedAt.format(order.createdAt)}
          </Text>
          {order.items.map((item) => (
            <Text size="sm" key={item.productId}>
              {item.quantity}× {item.productName} · {money(item.priceCents * item.quantity)}
            </Text>
          ))}
          <Text fw={700}>Total {money(order.totalCents)}</Text>
          {status === 'pending' && (
            <Group>
              <Button
                size="xs"
                variant="light"
                color="red"
                loading={cancel.isPending}
                onClick={() => cancel.mutate({ orderId: order.id })}
                aria-label={`Cancel order ${orderNumber(order.id)}`}
              >
                Cancel order
              </Button>
              <Text size="xs" c="dimmed">
                Possible until the shop confirms it.
              </Text>
            </Group>
          )}
        </Stack>
        <Stack gap={4} style={{ flex: '1 1 200px' }}>
          {stream.error !== null && (stream.status === 'reconnecting' || stream.status === 'stopped') && (
            <Text size="xs" c="var(--shopwire-warning-text)" role="status">
              Live updates {stream.status === 'stopped' ? 'stopped' : 'paused'} ({describeError(stream.error).title}){stream.status === 'stopped' ? '.' : '; retrying.'}
            </Text>
          )}
          {entries.length === 0 && stream.error === null ? <Loader size="xs" aria-label="Loading history" /> : <OrderTimeline entries={entries} />}
        </Stack>
      </Group>
    </Paper>
  );
}
