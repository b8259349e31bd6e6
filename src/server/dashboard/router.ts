import { z } from 'zod';
import { lastEventIdSchema, topicKinds } from '../live/topics.js';
import { router, sellerProcedure } from '../trpc.js';
import { getDashboardStats } from './service.js';

const shopId = z.string().min(1).max(100);

export const dashboardRouter = router({
  stats: sellerProcedure.input(z.object({ shopId })).query(({ ctx, input }) => getDashboardStats(ctx.deps.db, ctx.user, input.shopId)),
  onDashboardUpdate: sellerProcedure
    .input(z.object({ shopId, lastEventId: lastEventIdSchema }))
    .subscription(({ ctx, input }) => ctx.deps.live.follow(ctx.user, topicKinds.shop, input.shopId, input.lastEventId)),
});
