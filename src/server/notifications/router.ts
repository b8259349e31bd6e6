import { z } from 'zod';
import { lastEventIdSchema, topicKinds } from '../live/topics.js';
import { authedProcedure, router } from '../trpc.js';
import { listNotifications, markNotificationsRead, type MarkRead } from './service.js';

// Notification ids are this server's UUIDv7s; anything else cannot be one of the caller's.
const notificationId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a notification id from this server');

const listInput = z
  .object({
    cursor: notificationId.nullish(),
    limit: z.number().int().min(1).max(100).default(20),
    unreadOnly: z.boolean().optional(),
  })
  .default({ limit: 20 });

// One object rather than a union, so a caller learns what exactly is wrong (a union reports only that no branch fit).
const markReadInput = z
  .strictObject({
    ids: z.array(notificationId).min(1, 'Give at least one notification id').max(100, 'At most 100 ids at once; use all: true for every one').optional(),
    all: z.literal(true, 'all must be true (or give ids instead)').optional(),
  })
  .refine((input) => (input.ids === undefined) !== (input.all === undefined), 'Give either { ids: [...] } or { all: true }')
  .transform((input): MarkRead => (input.ids ? { ids: input.ids } : { all: true }));

export const notificationRouter = router({
  /** The caller's notifications, newest first, with the unread count and the cursor to follow them from. */
  list: authedProcedure.input(listInput).query(({ ctx, input }) => listNotifications(ctx.deps.db, ctx.user.userId, input)),
  markRead: authedProcedure.input(markReadInput).mutation(({ ctx, input }) => markNotificationsRead(ctx.deps, ctx.user.userId, input)),
  /** The caller's own topic only: there is no input naming whose. */
  onNotification: authedProcedure
    .input(z.object({ lastEventId: lastEventIdSchema }).optional())
    .subscription(({ ctx, input }) => ctx.deps.live.follow(ctx.user, topicKinds.user, ctx.user.userId, input?.lastEventId)),
});
