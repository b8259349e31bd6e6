import { Badge } from '@mantine/core';
import type { BookingStatus } from '../../../../shared/bookings.js';

const COLORS: Record<BookingStatus, string> = {
  requested: 'gray',
  confirmed: 'blue',
  completed: 'green',
  cancelled: 'red',
};

export function BookingStatusBadge({ status }: { status: BookingStatus }) {
  return (
    <Badge color={COLORS[status]} variant="light" data-status={status} style={{ minWidth: 'max-content' }}>
      {status}
    </Badge>
  );
}
