import { Button, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import { isLiveBooking, type Booking, type BookingStatus } from '../../../../shared/bookings.js';
import { ListTable, type ListColumn } from '../../../components/ListTable.js';
import { money } from '../../../utils/money.js';
import { notifyError } from '../../../utils/notifyError.js';
import { useSetBookingStatus } from '../api/useShopBookings.js';
import { BookingStatusBadge } from './BookingStatusBadge.js';
import { timeSpan } from './when.js';

const NO_WRAP = { whiteSpace: 'nowrap' } as const;
const COLUMNS: readonly ListColumn[] = [{ label: 'Time' }, { label: 'Service' }, { label: 'Buyer' }, { label: 'Status' }, { label: <VisuallyHidden>Actions</VisuallyHidden> }];

/** One day's bookings of a shop; any member confirms, completes or cancels (the row moves when the event comes). */
export function ShopBookingsTable({ bookings }: { bookings: readonly Booking[] }) {
  if (bookings.length === 0) return <Text c="dimmed">No bookings on this day.</Text>;
  return (
    <ListTable columns={COLUMNS} striped verticalSpacing="xs">
      <Table.Tbody>
        {bookings.map((booking) => (
          <Table.Tr key={booking.id} data-testid="shop-booking" data-booking-id={booking.id} data-status={booking.status}>
            <Table.Td style={NO_WRAP}>{timeSpan(booking.startsAt, booking.endsAt)}</Table.Td>
            <Table.Td>
              {booking.serviceName} · {money(booking.priceCents)}
            </Table.Td>
            <Table.Td>{booking.buyerName}</Table.Td>
            <Table.Td style={NO_WRAP}>
              <BookingStatusBadge status={booking.status} />
            </Table.Td>
            <Table.Td>
              <BookingActions booking={booking} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ListTable>
  );
}

const ACTIONS: { status: Exclude<BookingStatus, 'requested'>; label: string; from: BookingStatus }[] = [
  { status: 'confirmed', label: 'Confirm', from: 'requested' },
  { status: 'completed', label: 'Complete', from: 'confirmed' },
];

function BookingActions({ booking }: { booking: Booking }) {
  const move = useSetBookingStatus();
  if (!isLiveBooking(booking.status)) return null;
  const set = (status: Exclude<BookingStatus, 'requested'>) => move.mutate({ bookingId: booking.id, status }, { onError: notifyError });
  const who = `${booking.serviceName} for ${booking.buyerName} at ${timeSpan(booking.startsAt, booking.endsAt)}`;
  return (
    <Group gap="xs" justify="flex-end" wrap="nowrap">
      {ACTIONS.filter((a) => a.from === booking.status).map((action) => (
        <Button key={action.status} size="xs" loading={move.isPending && move.variables.status === action.status} onClick={() => set(action.status)} aria-label={`${action.label} ${who}`}>
          {action.label}
        </Button>
      ))}
      <Button size="xs" variant="light" color="red" loading={move.isPending && move.variables.status === 'cancelled'} onClick={() => set('cancelled')} aria-label={`Cancel ${who}`}>
        Cancel
      </Button>
    </Group>
  );
}
