import { z } from 'zod';
import { dashboardEventSchema, shopTopic } from '../../shared/events.js';
import { assertSellerOfShop } from '../access.js';
import { lastEventIdSchema, parseLastEventId } from '../events/input.js';
import { streamEvents } from '../events/stream.js';
import { router, sellerProcedure } from '../trpc.js';
import { getDashboardStats } from './service.js';

const shopId = z.string().min(1).max(100);

export const dashboardRouter = router({
  stats: sellerProcedure.input(z.object({ shopId })).query(({ ctx, input }) => getDashboardStats(ctx.deps.db, ctx.user, input.shopId)),
  onDashboardUpdate: sellerProcedure
    .input(z.object({ shopId, lastEventId: lastEventIdSchema }))
    .subscription(async ({ ctx, input, signal }) => {
      await assertSellerOfShop(ctx.deps.db, ctx.user, input.shopId);
      return streamEvents(ctx.deps, {
        topic: shopTopic(input.shopId),
        lastEventId: parseLastEventId(input.lastEventId),
        signal,
        maxQueue: ctx.deps.maxSubscriberQueue,
        endsAt: ctx.user.expiresAt,
        decode: (payload) => dashboardEventSchema.parse(payload),
      });
    }),
});
