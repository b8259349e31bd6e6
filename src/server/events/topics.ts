import {
  announcementTopic,
  bookingTopic,
  buyerBookingsTopic,
  buyerOrdersTopic,
  conversationTopic,
  orderTopic,
  shopChatTopic,
  shopTopic,
  stockTopic,
  userTopic,
  type DashboardEvent,
  type OrderStatusEvent,
  type StockEvent,
} from '../../shared/events.js';
import type { Announcement } from '../../shared/announcements.js';
import type { BookingStatusEvent } from '../../shared/bookings.js';
import type { ConversationEvent, InboxEvent } from '../../shared/chat.js';
import type { UserEvent } from '../../shared/notification.js';
import type { NewEvent } from './types.js';

/** The only ways to make an event row, so every payload is checked against the shared types. */
export function shopEvent(shopId: string, event: DashboardEvent): NewEvent {
  return { topic: shopTopic(shopId), type: event.type, payload: event };
}

/** A status move concerns two audiences, the order's own stream and its buyer's "My orders": two rows. */
export function orderStatusEvents(buyerId: string, event: OrderStatusEvent): NewEvent[] {
  return [
    { topic: orderTopic(event.orderId), type: 'order_status', payload: event },
    { topic: buyerOrdersTopic(buyerId), type: 'order_status', payload: event },
  ];
}

export function stockEvent(shopId: string, event: StockEvent): NewEvent {
  return { topic: stockTopic(shopId), type: event.type, payload: event };
}

export function announcementEvent(announcement: Announcement): NewEvent {
  return { topic: announcementTopic(), type: 'announcement', payload: announcement };
}

/** Typing signals are not events: they go through `live.signal`, never through here. */
export function conversationEvent(conversationId: string, event: ConversationEvent): NewEvent {
  return { topic: conversationTopic(conversationId), type: event.type, payload: event };
}

export function shopChatEvent(shopId: string, event: InboxEvent): NewEvent {
  return { topic: shopChatTopic(shopId), type: event.type, payload: event };
}

export function userEvent(userId: string, event: UserEvent): NewEvent {
  return { topic: userTopic(userId), type: event.type, payload: event };
}

/** A booking's step concerns its own stream and its buyer's "My bookings": two rows (the shop's is a `shopEvent`). */
export function bookingStatusEvents(buyerId: string, event: BookingStatusEvent): NewEvent[] {
  return [
    { topic: bookingTopic(event.bookingId), type: 'booking_status', payload: event },
    { topic: buyerBookingsTopic(buyerId), type: 'booking_status', payload: event },
  ];
}
