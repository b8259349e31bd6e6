import { z } from 'zod';
import { dashboardEventSchema, shopTopic } from '../../shared/events.js';
import { assertSellerOfShop } from '../shops/access.js';
import { followTopic, lastEventIdSchema } from '../events/follow.js';
import { router, sellerProcedure } from '../trpc.js';
import { getDashboardStats } from './service.js';

const shopId = z.string().min(1).max(100);

export const dashboardRouter = router({
  stats: sellerProcedure.input(z.object({ shopId })).query(({ ctx, input }) => getDashboardStats(ctx.deps.db, ctx.user, input.shopId)),
  onDashboardUpdate: sellerProcedure
    .input(z.object({ shopId, lastEventId: lastEventIdSchema }))
    .subscription(async ({ ctx, input, signal }) => {
      await assertSellerOfShop(ctx.deps.db, ctx.user, input.shopId);
      return followTopic(ctx, { topic: shopTopic(input.shopId), lastEventId: input.lastEventId, signal, schema: dashboardEventSchema });
    }),
});
