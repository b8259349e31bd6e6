import { Badge } from '@mantine/core';
import type { OrderStatus } from '../../shared/orderStatus.js';

const COLORS: Record<OrderStatus, string> = {
  pending: 'gray',
  confirmed: 'blue',
  shipped: 'violet',
  delivered: 'green',
  cancelled: 'red',
};

export function StatusBadge({ status }: { status: OrderStatus }) {
  return (
    <Badge color={COLORS[status]} variant="light" data-status={status}>
      {status}
    </Badge>
  );
}
