import { z } from 'zod';
import { reportKindSchema } from '../../shared/presence.js';
import { authedProcedure, publicProcedure, router } from '../trpc.js';

// Ids never hold '/': a visit's topic key joins shop and product with it.
const id = z.string().min(1).max(100).regex(/^[^/]*$/, 'must be an id from this server');

export const presenceRouter = router({
  /** While it runs the caller counts as a visitor of the shop (and product); yields the figures whenever one changes. */
  visit: publicProcedure
    .input(z.object({ shopId: id, productId: id.optional() }))
    .subscription(({ ctx, input }) => ctx.deps.presence.visit(ctx, input.shopId, input.productId ?? null)),
  /** A shop's live view for its team: a snapshot, then visitors, team online and activity. */
  onShop: authedProcedure.input(z.object({ shopId: id })).subscription(({ ctx, input }) => ctx.deps.presence.watchShop(ctx.user, input.shopId)),
  /** A storefront tells the shop's live view what its visitor did (never stored). */
  report: publicProcedure
    .input(z.object({ shopId: id, kind: reportKindSchema, productId: id.optional() }))
    .mutation(({ ctx, input }) => ctx.deps.presence.report(ctx, input)),
});
