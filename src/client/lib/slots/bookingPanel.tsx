import { createContext, useContext, type ComponentType } from 'react';

export interface BookingPanelProps {
  shopId: string;
}

/**
 * The bookings feature's "Book a service" panel, for the storefront's shop page (features do not
 * import each other; the app fills this in routes.tsx). Empty: nothing shown.
 */
const BookingPanelContext = createContext<ComponentType<BookingPanelProps> | null>(null);

export const BookingPanelProvider = BookingPanelContext.Provider;

export function BookingPanelSlot(props: BookingPanelProps) {
  const Panel = useContext(BookingPanelContext);
  return Panel ? <Panel {...props} /> : null;
}
