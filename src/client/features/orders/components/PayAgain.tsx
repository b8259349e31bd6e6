import { Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { orderNumber } from '../../../../shared/orderNumber.js';
import { TEST_CARDS } from '../../../../shared/payments.js';
import { CardChoice } from '../../../components/CardChoice.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { usePayOrder } from '../../../lib/payments/usePayOrder.js';
import { money } from '../../../utils/money.js';

/** An order placed but not paid (declined, or left): pay it from here. The card's badge follows the stream. */
export function PayAgain({ orderId, totalCents, declineReason }: { orderId: string; totalCents: number; declineReason: string | null }) {
  const [open, setOpen] = useState(false);
  const [card, setCard] = useState<string>(TEST_CARDS.visa);
  const { mutation, pay } = usePayOrder();
  return (
    <Stack gap={6} data-testid="pay-again">
      {declineReason && (
        <Text size="sm" c="var(--shopwire-warning-text)">
          Payment declined: {declineReason}
        </Text>
      )}
      {mutation.error && <ErrorAlert error={mutation.error} />}
      {open ? (
        <>
          <CardChoice value={card} onChange={setCard} />
          <Group>
            <Button size="xs" loading={mutation.isPending} onClick={() => pay(orderId, card)} aria-label={`Pay ${money(totalCents)} for order ${orderNumber(orderId)}`}>
              Pay {money(totalCents)}
            </Button>
          </Group>
        </>
      ) : (
        <Button size="xs" variant="light" w="fit-content" onClick={() => setOpen(true)} aria-label={`Pay now for order ${orderNumber(orderId)}`}>
          Pay now
        </Button>
      )}
    </Stack>
  );
}
