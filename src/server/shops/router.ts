import { z } from 'zod';
import { textField } from '../../shared/text.js';
import { publicProcedure, router, sellerProcedure } from '../trpc.js';
import { createShop, listShops, renameShop } from './service.js';

export const shopRouter = router({
  list: publicProcedure.query(({ ctx }) => listShops(ctx.deps.db)),
  create: sellerProcedure
    .input(z.object({ name: textField(100) }))
    .mutation(({ ctx, input }) => createShop(ctx.deps, ctx.user, input.name)),
  /** Owners rename the shop. */
  update: sellerProcedure
    .input(z.object({ shopId: z.string().min(1).max(100), name: textField(100) }))
    .mutation(({ ctx, input }) => renameShop(ctx.deps, ctx.user, input)),
});
