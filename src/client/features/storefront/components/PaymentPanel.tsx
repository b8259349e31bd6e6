import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { Order } from '../../../../shared/domain.js';
import { orderNumber } from '../../../../shared/orderNumber.js';
import { TEST_CARDS } from '../../../../shared/payments.js';
import { CardChoice } from '../../../components/CardChoice.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { money } from '../../../utils/money.js';

/**
 * After checkout: paid, or placed and not paid yet (declined, or no answer), with another try.
 * The order exists either way; its stock is held until it is paid or released.
 */
export function PaymentPanel({
  order,
  paying,
  error,
  onPay,
  onClose,
}: {
  order: Order;
  paying: boolean;
  error: unknown;
  onPay: (card: string) => void;
  onClose: () => void;
}) {
  const [card, setCard] = useState<string>(TEST_CARDS.visa);
  const panel = useRef<HTMLDivElement>(null);
  // The buyer pressed "Place order" at the foot of the cart, far below this panel (on a phone, a
  // whole page of products away): bring the outcome to them, and move focus there so a screen
  // reader reads it. Once per outcome, not on every live re-render.
  useEffect(() => {
    const element = panel.current;
    if (!element) return;
    element.scrollIntoView({ block: 'center' });
    element.focus({ preventScroll: true });
  }, [order.id, order.payment.status]);
  if (order.payment.status === 'paid') {
    return (
      <Alert ref={panel} tabIndex={-1} color="green" title="Order placed and paid" role="status" data-testid="order-placed" withCloseButton onClose={onClose}>
        Thank you! Your order {orderNumber(order.id)} of {money(order.totalCents)} is paid.{' '}
        <Anchor component={Link} to="/orders">
          Follow it in My orders
        </Anchor>
        .
      </Alert>
    );
  }
  const declined = order.payment.status === 'failed';
  return (
    <Alert
      ref={panel}
      tabIndex={-1}
      color="orange"
      title={declined ? 'Payment declined' : 'Order placed, not paid yet'}
      role="alert"
      data-testid="payment-retry"
      data-payment={order.payment.status}
    >
      <Stack gap="sm">
        <Text size="sm" data-testid="decline-reason">
          {declined ? `${order.payment.declineReason ?? 'Your card was declined.'} ` : ''}Your order {orderNumber(order.id)} of {money(order.totalCents)} is
          placed and its items are held for you. Pay it with another card; unpaid orders are released after a while.
        </Text>
        {error !== null && <ErrorAlert error={error} />}
        <CardChoice value={card} onChange={setCard} />
        <Button w="fit-content" loading={paying} onClick={() => onPay(card)}>
          Pay {money(order.totalCents)}
        </Button>
      </Stack>
    </Alert>
  );
}
