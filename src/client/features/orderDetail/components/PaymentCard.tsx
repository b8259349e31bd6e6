import { Button, Group, Modal, NumberInput, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { Order } from '../../../../shared/domain.js';
import { orderNumber } from '../../../../shared/orderNumber.js';
import { refundableCents } from '../../../../shared/payments.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { FormActions } from '../../../components/FormActions.js';
import { PaymentBadge } from '../../../components/PaymentBadge.js';
import { money, toCents } from '../../../utils/money.js';
import { useRefund } from '../api/useOrderDetail.js';

/** Where the order's money stands. Staff see the status only (no amounts from the server); owners and managers may refund. */
export function PaymentCard({ order, canRefund }: { order: Order; canRefund: boolean }) {
  const [refunding, setRefunding] = useState(false);
  const { payment } = order;
  const refundable = refundableCents(payment);
  return (
    <Paper withBorder p="md" component="section" aria-label="Payment" data-testid="detail-payment">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4">
          Payment
        </Title>
        <PaymentBadge status={payment.status} />
      </Group>
      <Stack gap={4}>
        {payment.paidCents !== null && (
          <Text size="sm">
            Paid <strong data-testid="detail-paid">{money(payment.paidCents)}</strong> of {money(order.totalCents)}
          </Text>
        )}
        {payment.refundedCents !== null && payment.refundedCents > 0 && (
          <Text size="sm">
            Refunded <strong data-testid="detail-refunded">{money(payment.refundedCents)}</strong>
          </Text>
        )}
        {payment.status === 'failed' && payment.declineReason && (
          <Text size="sm" c="var(--shopwire-warning-text)">
            Last attempt declined: {payment.declineReason}
          </Text>
        )}
        {canRefund && refundable !== null && refundable > 0 && (
          <Button variant="light" w="fit-content" mt="xs" onClick={() => setRefunding(true)}>
            Refund…
          </Button>
        )}
      </Stack>
      <Modal opened={refunding} onClose={() => setRefunding(false)} title={`Refund order ${orderNumber(order.id)}`}>
        {refunding && refundable !== null && <RefundForm orderId={order.id} refundable={refundable} onDone={() => setRefunding(false)} />}
      </Modal>
    </Paper>
  );
}

function RefundForm({ orderId, refundable, onDone }: { orderId: string; refundable: number; onDone: () => void }) {
  const [amount, setAmount] = useState<number | string>(refundable / 100);
  const [reason, setReason] = useState('');
  const refund = useRefund();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const cents = toCents(amount);
    // All of what is left is sent without an amount: the server refunds exactly the rest.
    refund.mutate({ orderId, reason: reason.trim(), ...(cents === refundable ? {} : { amountCents: cents }) }, { onSuccess: onDone });
  };
  return (
    <form onSubmit={submit} aria-label="Refund">
      <Stack>
        <Text size="sm">
          Up to <strong>{money(refundable)}</strong> can still be refunded. The buyer is told, and the money goes back to their card.
        </Text>
        {refund.error && <ErrorAlert error={refund.error} />}
        <NumberInput label="Amount" description="In dollars, e.g. 12.50" required min={0.01} max={refundable / 100} decimalScale={2} value={amount} onChange={setAmount} data-autofocus />
        <TextInput label="Reason" required placeholder="e.g. Arrived damaged" value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
        <FormActions onCancel={onDone} submitLabel="Refund" pending={refund.isPending} />
      </Stack>
    </form>
  );
}
