import { Badge } from '@mantine/core';
import type { PurchaseOrderStatus } from '../../../../shared/purchasing.js';

export const STATUS_LABEL: Record<PurchaseOrderStatus, string> = {
  draft: 'Draft',
  ordered: 'Ordered',
  partially_received: 'Partly received',
  received: 'Received',
  cancelled: 'Cancelled',
};

// Colours whose light badges keep AA contrast in both schemes (those of StatusBadge).
const COLORS: Record<PurchaseOrderStatus, string> = {
  draft: 'gray',
  ordered: 'blue',
  partially_received: 'violet',
  received: 'green',
  cancelled: 'red',
};

export function PurchaseOrderStatusBadge({ status }: { status: PurchaseOrderStatus }) {
  return (
    <Badge color={COLORS[status]} variant="light" data-status={status}>
      {STATUS_LABEL[status]}
    </Badge>
  );
}
