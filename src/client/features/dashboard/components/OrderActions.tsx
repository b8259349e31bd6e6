import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { PaymentStatus } from '../../../../shared/payments.js';
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

interface Props {
  orderId: string;
  status: OrderStatus;
  paymentStatus: PaymentStatus;
}

/**
 * The row's status moves. They are out of the Tab order (tabIndex -1): the row's link is its one
 * tab stop and the arrow keys reach these (OrdersTable's rowKeys). Cancelling cannot be undone,
 * so it sits apart from the forward move and asks first, with "Keep order" as the default answer.
 */
export function OrderActions({ orderId, status, paymentStatus }: Props) {
  const update = useUpdateOrderStatus();
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const moves = NEXT_STATUSES[status];
  if (moves.length === 0) return null;
  const number = orderNumber(orderId);
  const forward = moves.filter((next) => next !== 'cancelled');
  return (
    <Group gap={4} wrap="nowrap">
      {forward.map((next) => (
        <Button
          key={next}
          size="compact-xs"
          variant="light"
          tabIndex={-1}
          data-row-action
          loading={update.isPending && update.variables.status === next}
          disabled={update.isPending}
          onClick={() => update.mutate({ orderId, status: next })}
          aria-label={`${ACTION_LABEL[next]} order ${number}`}
        >
          {ACTION_LABEL[next]}
        </Button>
      ))}
      {moves.includes('cancelled') && (
        <Button
          size="compact-xs"
          variant="subtle"
          color="red"
          ml="sm"
          tabIndex={-1}
          data-row-action
          aria-haspopup="dialog"
          loading={update.isPending && update.variables.status === 'cancelled'}
          disabled={update.isPending}
          onClick={() => setConfirmingCancel(true)}
          aria-label={`Cancel order ${number}`}
        >
          Cancel…
        </Button>
      )}
      <Modal opened={confirmingCancel} onClose={() => setConfirmingCancel(false)} title={`Cancel order ${number}?`} size="sm" data-testid="confirm-cancel">
        <Stack>
          <Text size="sm">
            The buyer is told it is cancelled and its stock goes back on sale
            {paymentStatus === 'paid' || paymentStatus === 'partially_refunded' ? ', and what they paid is refunded' : ''}. This cannot be undone.
          </Text>
          <Group justify="space-between">
            <Button variant="default" onClick={() => setConfirmingCancel(false)} data-autofocus>
              Keep order
            </Button>
            <Button
              color="red"
              onClick={() => {
                setConfirmingCancel(false);
                update.mutate({ orderId, status: 'cancelled' });
              }}
            >
              Cancel order {number}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Group>
  );
}
