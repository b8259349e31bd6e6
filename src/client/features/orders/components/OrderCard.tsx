import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useId, useState } from 'react';
import type { Order } from '../../../../shared/domain.js';
import { orderNumber } from '../../../../shared/orderNumber.js';
import type { OrderStatus } from '../../../../shared/orderStatus.js';
import type { OrderPayment } from '../../../../shared/payments.js';
import { StatusBadge } from '../../../components/StatusBadge.js';
import { PaymentBadge } from '../../../components/PaymentBadge.js';
import { ConversationPanelSlot } from '../../../lib/slots/conversationPanel.js';
import { money } from '../../../utils/money.js';
import { useCancelOrder } from '../api/useCancelOrder.js';
import { OrderProgress } from './OrderProgress.js';
import { PayAgain } from './PayAgain.js';

const placedAt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** `status`, `payment` and `trackingNumber` are the live ones from "My orders"' stream; `order` is only as new as the list. */
export function OrderCard({
  order,
  status,
  payment,
  trackingNumber,
}: {
  order: Order & { shopName: string };
  status: OrderStatus;
  payment: OrderPayment;
  trackingNumber: string | null;
}) {
  const cancel = useCancelOrder();
  const [showProgress, setShowProgress] = useState(false);
  const progressId = useId();
  return (
    <Paper withBorder p="md" data-testid="my-order" data-order-id={order.id} data-status={status} data-payment={payment.status}>
      <Group justify="space-between" align="start" wrap="wrap" gap="md">
        <Stack gap={4} style={{ flex: '1 1 240px' }}>
          <Group gap="xs">
            <Text fw={600} data-testid="order-number">
              Order {orderNumber(order.id)}
            </Text>
            <StatusBadge status={status} />
            <PaymentBadge status={payment.status} />
          </Group>
          <Text size="sm" c="dimmed">
            <Text span fw={600} c="var(--mantine-color-text)" data-testid="order-shop">
              {order.shopName}
            </Text>{' '}
            · {placedAt.format(order.createdAt)}
          </Text>
          {order.items.map((item) => (
            <Text size="sm" key={item.productId}>
              {item.quantity}× {item.productName} · {money(item.priceCents * item.quantity)}
            </Text>
          ))}
          <Text fw={700}>Total {money(order.totalCents)}</Text>
          {payment.refundedCents !== null && payment.refundedCents > 0 && (
            <Text size="sm" data-testid="refunded">
              Refunded {money(payment.refundedCents)}
            </Text>
          )}
          {trackingNumber && (
            <Text size="sm" data-testid="tracking-number">
              Tracking number <strong>{trackingNumber}</strong>
            </Text>
          )}
          {status !== 'cancelled' && (payment.status === 'unpaid' || payment.status === 'failed') && (
            <PayAgain orderId={order.id} totalCents={order.totalCents} declineReason={payment.status === 'failed' ? payment.declineReason : null} />
          )}
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
        <Stack gap={4} style={{ flex: '1 1 200px' }} align="start">
          <Button
            size="xs"
            variant="subtle"
            aria-expanded={showProgress}
            aria-controls={progressId}
            onClick={() => setShowProgress((shown) => !shown)}
            aria-label={`${showProgress ? 'Hide' : 'Show'} progress of order ${orderNumber(order.id)}`}
          >
            {showProgress ? 'Hide progress' : 'Show progress'}
          </Button>
          <div id={progressId}>{showProgress && <OrderProgress orderId={order.id} />}</div>
        </Stack>
      </Group>
      <ConversationPanelSlot shopId={order.shopId} orderId={order.id} label="Message the shop" />
    </Paper>
  );
}
