import { Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { Order } from '../../../../shared/domain.js';
import { NEXT_STATUSES, type OrderStatus } from '../../../../shared/orderStatus.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { useMoveOrder } from '../api/useOrderDetail.js';

const LABEL: Record<OrderStatus, string> = {
  pending: 'Reopen',
  confirmed: 'Confirm',
  shipped: 'Ship',
  delivered: 'Mark delivered',
  cancelled: 'Cancel order',
};

/**
 * The moves the order may make next; shipping takes an optional tracking number. The page shows
 * the result from the order's stream, so another member's move shows the same way.
 */
export function StatusActions({ order, canRefund }: { order: Order; canRefund: boolean }) {
  const move = useMoveOrder();
  const [tracking, setTracking] = useState('');
  const moves = NEXT_STATUSES[order.status];
  if (moves.length === 0) return null;
  const paid = order.payment.status === 'paid' || order.payment.status === 'partially_refunded';
  const go = (status: OrderStatus) => {
    const trackingNumber = status === 'shipped' && tracking.trim() !== '' ? tracking.trim() : undefined;
    move.mutate({ orderId: order.id, status, ...(trackingNumber ? { trackingNumber } : {}) }, { onSuccess: () => setTracking('') });
  };
  const ship = (event: FormEvent) => {
    event.preventDefault();
    go('shipped');
  };
  return (
    <Paper withBorder p="md" component="section" aria-label="Next step">
      <Title order={3} size="h4" mb="xs">
        Next step
      </Title>
      <Stack gap="sm">
        {move.error && <ErrorAlert error={move.error} />}
        {moves.includes('shipped') && (
          <form onSubmit={ship} aria-label="Ship">
            <Group align="end" gap="xs">
              <TextInput label="Tracking number" description="Optional; the buyer sees it at once" value={tracking} onChange={(e) => setTracking(e.currentTarget.value)} style={{ flex: 1 }} />
              <Button type="submit" loading={move.isPending && move.variables.status === 'shipped'} disabled={move.isPending}>
                Ship
              </Button>
            </Group>
          </form>
        )}
        <Group gap="xs">
          {moves
            .filter((next) => next !== 'shipped')
            .map((next) => (
              <Button
                key={next}
                variant={next === 'cancelled' ? 'subtle' : 'light'}
                color={next === 'cancelled' ? 'red' : undefined}
                loading={move.isPending && move.variables.status === next}
                disabled={move.isPending || (next === 'cancelled' && paid && !canRefund)}
                onClick={() => go(next)}
              >
                {LABEL[next]}
              </Button>
            ))}
        </Group>
        {paid && moves.includes('cancelled') && (
          <Text size="xs" c="dimmed">
            {canRefund ? 'Cancelling refunds what the buyer paid.' : 'This order is paid: only owners and managers can cancel it, since cancelling refunds the buyer.'}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
