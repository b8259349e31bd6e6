import { Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { isLiveBooking, type Booking } from '../../../../shared/bookings.js';
import { QueryBoundary } from '../../../components/QueryBoundary.js';
import { StreamNotice } from '../../../components/StreamNotice.js';
import { money } from '../../../utils/money.js';
import { notifyError } from '../../../utils/notifyError.js';
import { useCancelBooking, useMyBookings } from '../api/useMyBookings.js';
import { BookingStatusBadge } from './BookingStatusBadge.js';
import { duration, when } from './when.js';

/** `/bookings`: the buyer's bookings, latest first, each status as the shop moves it, live. */
export function MyBookingsPage() {
  const { list, rows, stream } = useMyBookings();
  return (
    <Stack>
      <Title order={2}>My bookings</Title>
      <StreamNotice stream={stream} />
      <QueryBoundary query={list} label="your bookings">
        {() =>
          rows && rows.length > 0 ? (
            <Stack>
              {rows.map((booking) => (
                <BookingCard key={booking.id} booking={booking} />
              ))}
            </Stack>
          ) : (
            <Text c="dimmed">
              No bookings yet. A shop&apos;s page lists the services it offers:{' '}
              <Anchor component={Link} to="/shops">
                browse the shops
              </Anchor>
              .
            </Text>
          )
        }
      </QueryBoundary>
    </Stack>
  );
}

function BookingCard({ booking }: { booking: Booking }) {
  const cancel = useCancelBooking();
  const minutes = Math.round((booking.endsAt.getTime() - booking.startsAt.getTime()) / 60_000);
  return (
    <Paper withBorder p="md" data-testid="my-booking" data-booking-id={booking.id} data-status={booking.status}>
      <Group justify="space-between" align="start">
        <Stack gap={4}>
          <Group gap="xs">
            <Text fw={600}>{booking.serviceName}</Text>
            <BookingStatusBadge status={booking.status} />
          </Group>
          <Text size="sm">
            {when(booking.startsAt)} · {duration(minutes)} · {money(booking.priceCents)}
          </Text>
          <Anchor component={Link} to={`/shops/${booking.shopId}`} size="sm">
            {booking.shopName}
          </Anchor>
          {booking.status === 'requested' && (
            <Text size="xs" c="dimmed">
              Waiting for the shop to confirm.
            </Text>
          )}
        </Stack>
        {isLiveBooking(booking.status) && booking.startsAt.getTime() > Date.now() && (
          <Button
            size="xs"
            variant="light"
            color="red"
            loading={cancel.isPending}
            onClick={() => cancel.mutate({ bookingId: booking.id, status: 'cancelled' }, { onError: notifyError })}
            aria-label={`Cancel booking: ${booking.serviceName} on ${when(booking.startsAt)}`}
          >
            Cancel booking
          </Button>
        )}
      </Group>
    </Paper>
  );
}
