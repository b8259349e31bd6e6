import { ANNOUNCEMENTS_KEY } from '../../shared/events.js';
import { z } from 'zod';
import { lastEventIdSchema, topicKinds } from '../live/topics.js';
import { publicProcedure, router } from '../trpc.js';
import { currentAnnouncements } from './service.js';

export const systemRouter = router({
  /** Announcements not yet ended, newest first, with the cursor to follow onAnnouncement from. */
  announcements: publicProcedure.query(({ ctx }) => currentAnnouncements(ctx.deps)),
  onAnnouncement: publicProcedure
    .input(z.object({ lastEventId: lastEventIdSchema }).optional())
    .subscription(({ ctx, input }) => ctx.deps.live.follow(ctx.user, topicKinds.announcement, ANNOUNCEMENTS_KEY, input?.lastEventId)),
});
