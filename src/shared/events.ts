import { z } from 'zod';
import { conversationStreamSchema, inboxEventSchema } from './chat.js';
import { orderSchema, productSchema } from './domain.js';
import { orderMoverSchema, orderStatusSchema } from './orderStatus.js';
import { liveViewEventSchema, visitFiguresSchema } from './presence.js';
import { announcementSchema } from './announcements.js';
import { orderPaymentSchema } from './payments.js';
import { userEventSchema } from './notification.js';
import { purchaseOrderSchema, purchaseOrderStatusSchema, stockMovementSchema } from './purchasing.js';
import { transferSchema, transferStatusSchema } from './transfers.js';
import { bookingSchema, bookingStatusEventSchema, bookingStatusSchema } from './bookings.js';

/**
 * Every event the system emits, once. Rows in the event log are parsed with these
 * schemas; clients get the types through AppRouter inference.
 */
export const dashboardEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('new_order'), order: orderSchema }),
  z.object({
    type: z.literal('order_status_changed'),
    orderId: z.string(),
    status: orderStatusSchema,
    previousStatus: orderStatusSchema,
    /** Absent on events logged before it was recorded. */
    by: orderMoverSchema.optional(),
    /** On a move to 'shipped' for which the shop gave one. */
    trackingNumber: z.string().optional(),
  }),
  // Money moved on an order (CONTRACT "Payments"): the amount, and the order's payment as it now stands.
  paymentEvent('payment_received'),
  paymentEvent('payment_failed'),
  paymentEvent('payment_refunded'),
  z.object({
    type: z.literal('inventory_update'),
    updates: z.array(z.object({ productId: z.string(), productName: z.string(), stock: z.number().int() })),
  }),
  z.object({
    type: z.literal('low_stock'),
    productId: z.string(),
    productName: z.string(),
    stock: z.number().int(),
    threshold: z.number().int(),
    // Events logged before severity existed come without it (readers fall back to lowStockSeverity).
    severity: z.enum(['warning', 'critical']),
  }),
  z.object({ type: z.literal('out_of_stock'), productId: z.string(), productName: z.string() }),
  // One per stock_movements row, whatever moved the stock.
  z.object({ type: z.literal('stock_movement'), movement: stockMovementSchema }),
  // Stock went from 0 to above 0.
  z.object({ type: z.literal('restocked'), productId: z.string(), productName: z.string(), stock: z.number().int() }),
  // The catalog: a product as it now is (staff get costCents as null), and price moves on their own.
  z.object({ type: z.literal('product_created'), product: productSchema }),
  z.object({ type: z.literal('product_updated'), product: productSchema }),
  z.object({ type: z.literal('price_changed'), productId: z.string(), oldPriceCents: z.number().int(), newPriceCents: z.number().int() }),
  z.object({ type: z.literal('product_archived'), product: productSchema }),
  z.object({ type: z.literal('purchase_order_created'), purchaseOrder: purchaseOrderSchema }),
  z.object({ type: z.literal('purchase_order_updated'), purchaseOrder: purchaseOrderSchema }),
  z.object({
    type: z.literal('purchase_order_status_changed'),
    purchaseOrderId: z.string(),
    status: purchaseOrderStatusSchema,
    previousStatus: purchaseOrderStatusSchema,
  }),
  // What arrived in one receipt, and the order as it stands after it.
  z.object({
    type: z.literal('purchase_order_received'),
    purchaseOrder: purchaseOrderSchema,
    received: z.array(z.object({ productId: z.string(), quantity: z.number().int() })),
  }),
  // On both shops' topics: sent (previousStatus null, the stock left the source), then received.
  z.object({ type: z.literal('transfer_status_changed'), transfer: transferSchema, previousStatus: transferStatusSchema.nullable() }),
  // Every step of a booking, its first (requested, previousStatus null) included, with the booking as it now stands.
  z.object({
    type: z.literal('booking_status_changed'),
    bookingId: z.string(),
    status: bookingStatusSchema,
    previousStatus: bookingStatusSchema.nullable(),
    booking: bookingSchema,
  }),
]);
export type DashboardEvent = z.infer<typeof dashboardEventSchema>;
export type DashboardEventType = DashboardEvent['type'];

export const orderStatusEventSchema = z.object({
  orderId: z.string(),
  status: orderStatusSchema,
  previousStatus: orderStatusSchema.nullable(),
  at: z.date(),
  /** On a move to 'shipped' for which the shop gave one. */
  trackingNumber: z.string().optional(),
});
export type OrderStatusEvent = z.infer<typeof orderStatusEventSchema>;

/** A payment step as an order's own stream (and its buyer's "My orders") hears it: the shop's event plus when. */
export const orderPaymentEventSchema = z.object({
  type: z.enum(['payment_received', 'payment_failed', 'payment_refunded']),
  orderId: z.string(),
  /** Null for staff. For `payment_failed`, the amount that was asked for. */
  amountCents: z.number().int().nullable(),
  at: z.date(),
  payment: orderPaymentSchema,
});
export type OrderPaymentEvent = z.infer<typeof orderPaymentEventSchema>;

/** What an order's stream carries: its status moves (no `type`) and its payment steps (`type: 'payment_…'`). */
export const orderStreamEventSchema = z.union([orderStatusEventSchema, orderPaymentEventSchema]);
export type OrderStreamEvent = z.infer<typeof orderStreamEventSchema>;

export function isPaymentEvent(event: OrderStreamEvent): event is OrderPaymentEvent {
  return 'type' in event;
}

function paymentEvent<T extends OrderPaymentEvent['type']>(type: T) {
  return z.object({
    type: z.literal(type),
    orderId: z.string(),
    /** Null for staff. For `payment_failed`, the amount that was asked for. */
    amountCents: z.number().int().nullable(),
    payment: orderPaymentSchema,
  });
}

/** What a storefront may see: stock levels only, for anyone browsing the shop. */
export const stockEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('stock'), updates: z.array(z.object({ productId: z.string(), stock: z.number().int() })) }),
  // The seller edited a product's name or price: storefronts read it again rather than show a stale price.
  z.object({ type: z.literal('product_changed'), productId: z.string() }),
]);
export type StockEvent = z.infer<typeof stockEventSchema>;

/** Topic name -> payload schema. A topic's prefix decides what its rows hold. */
export const TOPICS = {
  shop: { prefix: 'shop:', schema: dashboardEventSchema },
  order: { prefix: 'order:', schema: orderStreamEventSchema },
  stock: { prefix: 'stock:', schema: stockEventSchema },
  // Every order of one buyer, for "My orders": the same events as each order's own topic.
  buyerOrders: { prefix: 'buyer-orders:', schema: orderStreamEventSchema },
  // Ephemeral (never stored): a storefront's visit figures, per shop or `shopId/productId`.
  presenceVisit: { prefix: 'presence-visit:', schema: visitFiguresSchema },
  // Ephemeral: a shop's live view for its members.
  liveView: { prefix: 'live-view:', schema: liveViewEventSchema },
  // Logged: platform announcements, one topic for everyone (key ANNOUNCEMENTS_KEY).
  announcement: { prefix: 'announcements:', schema: announcementSchema },
  // One conversation: messages and reads (logged), typing (live only); see shared/chat.ts.
  conversation: { prefix: 'conversation:', schema: conversationStreamSchema },
  // Every conversation of one shop, for its team's inbox.
  shopChat: { prefix: 'shop-chat:', schema: inboxEventSchema },
  // One person's notifications (CONTRACT "Notifications (topic user:<id>)").
  user: { prefix: 'user:', schema: userEventSchema },
  // One booking's steps, for its buyer and its shop's members.
  booking: { prefix: 'booking:', schema: bookingStatusEventSchema },
  // Every booking of one buyer, for "My bookings": the same events as each booking's own topic.
  buyerBookings: { prefix: 'buyer-bookings:', schema: bookingStatusEventSchema },
} as const;

export const shopTopic = (shopId: string) => `${TOPICS.shop.prefix}${shopId}`;
export const orderTopic = (orderId: string) => `${TOPICS.order.prefix}${orderId}`;
export const stockTopic = (shopId: string) => `${TOPICS.stock.prefix}${shopId}`;
export const buyerOrdersTopic = (buyerId: string) => `${TOPICS.buyerOrders.prefix}${buyerId}`;
export const ANNOUNCEMENTS_KEY = 'all';
export const announcementTopic = () => `${TOPICS.announcement.prefix}${ANNOUNCEMENTS_KEY}`;
export const conversationTopic = (conversationId: string) => `${TOPICS.conversation.prefix}${conversationId}`;
export const shopChatTopic = (shopId: string) => `${TOPICS.shopChat.prefix}${shopId}`;
export const userTopic = (userId: string) => `${TOPICS.user.prefix}${userId}`;
export const bookingTopic = (bookingId: string) => `${TOPICS.booking.prefix}${bookingId}`;
export const buyerBookingsTopic = (buyerId: string) => `${TOPICS.buyerBookings.prefix}${buyerId}`;
