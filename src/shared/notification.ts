import { z } from 'zod';

/** CONTRACT "Notifications": what one can be about. Features add their kinds here as they start sending them. */
export const notificationKindSchema = z.enum([
  // buyers
  'order_status',
  'payment',
  'back_in_stock',
  'message',
  'booking',
  // shop members
  'new_order',
  'low_stock',
  'out_of_stock',
  'purchase_order',
  'transfer',
  // everyone
  'announcement',
]);
export type NotificationKind = z.infer<typeof notificationKindSchema>;

export const notificationSchema = z.object({
  id: z.string(),
  kind: notificationKindSchema,
  title: z.string(),
  body: z.string(),
  /** A path inside the SPA (e.g. `/orders`), or null when there is nowhere to go. */
  link: z.string().nullable(),
  createdAt: z.date(),
  readAt: z.date().nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;

/** What the `user:<id>` topic carries: a new notification, or some marked read (so every open tab agrees). */
export const userEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('notification'), notification: notificationSchema }),
  z.object({ type: z.literal('read'), ids: z.array(z.string()), unreadCount: z.number().int() }),
]);
export type UserEvent = z.infer<typeof userEventSchema>;
