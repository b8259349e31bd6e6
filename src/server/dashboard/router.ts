import { z } from 'zod';
import { periodInputSchema, seriesInputSchema } from '../../shared/periods.js';
import { lastEventIdSchema, topicKinds } from '../live/topics.js';
import { router, sellerProcedure } from '../trpc.js';
import { getRevenueSeries } from './series.js';
import { getDashboardStats } from './service.js';

const shopId = z.string().min(1).max(100);

export const dashboardRouter = router({
  /** All time without from and to; for [from, to) with them, plus the figures of the period of the same length before it. */
  stats: sellerProcedure
    .input(z.object({ shopId }).and(periodInputSchema))
    .query(({ ctx, input }) => getDashboardStats(ctx.deps.db, ctx.user, input.shopId, input.from && input.to ? { from: input.from, to: input.to } : null)),
  /** The chart: revenue per hour or per day (the caller's days) of [from, to), and of the period before. */
  series: sellerProcedure.input(z.object({ shopId }).and(seriesInputSchema)).query(({ ctx, input }) => getRevenueSeries(ctx.deps.db, ctx.user, input)),
  onDashboardUpdate: sellerProcedure
    .input(z.object({ shopId, lastEventId: lastEventIdSchema }))
    .subscription(({ ctx, input }) => ctx.deps.live.follow(ctx.user, topicKinds.shop, input.shopId, input.lastEventId)),
});
