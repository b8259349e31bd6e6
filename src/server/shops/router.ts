import { z } from 'zod';
import { publicProcedure, router, sellerProcedure } from '../trpc.js';
import { createShop, listShops } from './service.js';

export const shopRouter = router({
  list: publicProcedure.query(({ ctx }) => listShops(ctx.deps.db)),
  create: sellerProcedure
    .input(z.object({ name: z.string().trim().min(1).max(100) }))
    .mutation(({ ctx, input }) => createShop(ctx.deps, ctx.user, input.name)),
});
