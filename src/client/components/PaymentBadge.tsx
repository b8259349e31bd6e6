import { Badge } from '@mantine/core';
import type { PaymentStatus } from '../../shared/payments.js';

const LOOK: Record<PaymentStatus, { color: string; label: string }> = {
  unpaid: { color: 'gray', label: 'unpaid' },
  paid: { color: 'green', label: 'paid' },
  failed: { color: 'red', label: 'payment failed' },
  refunded: { color: 'orange', label: 'refunded' },
  partially_refunded: { color: 'yellow', label: 'partly refunded' },
};

export function PaymentBadge({ status }: { status: PaymentStatus }) {
  const look = LOOK[status];
  return (
    // A dot beside plain text: told apart from the status badge, and readable in either scheme.
    <Badge color={look.color} variant="dot" data-payment={status}>
      {look.label}
    </Badge>
  );
}
