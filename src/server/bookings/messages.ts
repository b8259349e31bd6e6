import { formatUtc, type Booking, type BookingStatus } from '../../shared/bookings.js';
import type { NewNotification } from '../notifications/notify.js';

type Notice = Omit<NewNotification, 'userId'>;

// Stored as text, so the words are fixed when the thing happens. Times are in UTC: the server
// does not know where the reader is; the SPA shows every time in the reader's own zone.
const MY_BOOKINGS = '/bookings';
const servicesPage = (shopId: string) => `/dashboard/${shopId}/services`;

const SHOP_MOVES: Record<Exclude<BookingStatus, 'requested'>, string> = {
  confirmed: 'was confirmed',
  completed: 'was marked completed',
  cancelled: 'was cancelled by the shop',
};

/** The shop's members hear of each new request. */
export function bookingRequestedNotice(booking: Booking): Notice {
  return {
    kind: 'booking',
    title: `New booking: ${booking.serviceName}`,
    body: `${booking.buyerName} booked ${booking.serviceName} for ${formatUtc(booking.startsAt)} at ${booking.shopName}. Confirm or cancel it on the Services page.`,
    link: servicesPage(booking.shopId),
  };
}

/** ...and of a buyer who cancels. */
export function bookingCancelledByBuyerNotice(booking: Booking): Notice {
  return {
    kind: 'booking',
    title: `Booking cancelled: ${booking.serviceName}`,
    body: `${booking.buyerName} cancelled ${booking.serviceName} at ${formatUtc(booking.startsAt)}; the slot is free again.`,
    link: servicesPage(booking.shopId),
  };
}

/** The buyer hears of each move the shop makes. */
export function bookingStatusNotice(booking: Booking): NewNotification | null {
  if (booking.status === 'requested') return null;
  return {
    userId: booking.buyerId,
    kind: 'booking',
    title: `Booking ${booking.status}: ${booking.serviceName}`,
    body: `Your booking for ${booking.serviceName} at ${booking.shopName}, ${formatUtc(booking.startsAt)}, ${SHOP_MOVES[booking.status]}.`,
    link: MY_BOOKINGS,
  };
}

export function bookingReminderNotice(booking: Booking, now: number): NewNotification {
  const minutes = Math.max(1, Math.round((booking.startsAt.getTime() - now) / 60_000));
  return {
    userId: booking.buyerId,
    kind: 'booking',
    title: `Reminder: ${booking.serviceName} in ${minutes} minute${minutes === 1 ? '' : 's'}`,
    body: `Your booking for ${booking.serviceName} at ${booking.shopName} starts at ${formatUtc(booking.startsAt)}.`,
    link: MY_BOOKINGS,
  };
}
