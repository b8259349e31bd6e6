import { Button, Group } from '@mantine/core';
import { orderNumber } from '../../../../shared/orderNumber.js';
import { NEXT_STATUSES, type OrderStatus } from '../../../../shared/orderStatus.js';
import { useUpdateOrderStatus } from '../api/useOrderActions.js';

const ACTION_LABEL: Record<OrderStatus, string> = {
  pending: 'Reopen',
  confirmed: 'Confirm',
  shipped: 'Ship',
  delivered: 'Delivered',
  cancelled: 'Cancel',
};

export function OrderActions({ orderId, status }: { orderId: string; status: OrderStatus }) {
  const update = useUpdateOrderStatus();
  const moves = NEXT_STATUSES[status];
  if (moves.length === 0) return null;
  return (
    <Group gap={4} wrap="nowrap">
      {moves.map((next) => (
        <Button
          key={next}
          size="compact-xs"
          variant={next === 'cancelled' ? 'subtle' : 'light'}
          color={next === 'cancelled' ? 'red' : undefined}
          loading={update.isPending && update.variables.status === next}
          disabled={update.isPending}
          onClick={() => update.mutate({ orderId, status: next })}
          aria-label={`${ACTION_LABEL[next]} order ${orderNumber(orderId)}`}
        >
          {ACTION_LABEL[next]}
        </Button>
      ))}
    </Group>
  );
}
