import { useMemo, useReducer } from 'react';
import type { Booking } from '../../../../shared/bookings.js';
import { trpc } from '../../../app/trpc.js';
import { useLiveStream } from '../../../lib/live/useLiveStream.js';
import { dayRange, emptyHeard, heardReducer, shopBookingRows } from './bookingsLive.js';

/**
 * A shop's bookings on one local day, live: the list and its cursor, then the shop's stream from
 * that cursor (its `booking_status_changed` events carry the whole booking, new ones included).
 */
export function useShopBookings(shopId: string, day: string) {
  const span = useMemo(() => dayRange(day), [day]);
  const list = trpc.booking.listForShop.useQuery({ shopId, ...span }, { refetchOnWindowFocus: false });
  const [heard, dispatch] = useReducer(heardReducer<Booking>, undefined, emptyHeard<Booking>);

  const stream = useLiveStream(trpc.dashboard.onDashboardUpdate, {
    input: { shopId },
    cursor: list.data?.eventCursor,
    reloadSnapshot: async () => {
      dispatch('reset');
      const fresh = await list.refetch({ throwOnError: true });
      if (!fresh.data) throw new Error('The reloaded bookings have no cursor');
      return fresh.data.eventCursor;
    },
    onEvent: (event, id) => {
      if (event.type === 'booking_status_changed') dispatch({ key: event.bookingId, id, value: event.booking });
    },
  });

  const rows = useMemo(() => (list.data ? shopBookingRows(list.data, heard, span) : undefined), [list.data, heard, span]);
  return { list, rows, stream };
}

/** The row does not apply the answer itself: the booking_status_changed event does, for every member's screen alike. */
export function useSetBookingStatus() {
  return trpc.booking.setStatus.useMutation();
}
