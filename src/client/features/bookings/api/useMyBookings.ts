import { useMemo, useReducer } from 'react';
import type { BookingStatus } from '../../../../shared/bookings.js';
import { trpc } from '../../../app/trpc.js';
import { useLiveStream } from '../../../lib/live/useLiveStream.js';
import { emptyHeard, heardReducer, isUnlisted, myBookingRows } from './bookingsLive.js';

/** The buyer's bookings with every step the shops take, live, from one stream for all of them. */
export function useMyBookings() {
  const list = trpc.booking.listMine.useQuery(undefined, { refetchOnWindowFocus: false });
  const [heard, dispatch] = useReducer(heardReducer<BookingStatus>, undefined, emptyHeard<BookingStatus>);

  const stream = useLiveStream(trpc.booking.onMyBookings, {
    input: {},
    cursor: list.data?.eventCursor,
    reloadSnapshot: async () => {
      dispatch('reset');
      const fresh = await list.refetch({ throwOnError: true });
      if (!fresh.data) throw new Error('The reloaded bookings have no cursor');
      return fresh.data.eventCursor;
    },
    onEvent: (event, id) => {
      dispatch({ key: event.bookingId, id, value: event.status });
      if (isUnlisted(event.bookingId, list.data)) void list.refetch();
    },
  });

  const rows = useMemo(() => (list.data ? myBookingRows(list.data, heard) : undefined), [list.data, heard]);
  return { list, rows, stream };
}

export function useCancelBooking() {
  return trpc.booking.setStatus.useMutation();
}
