import { z } from 'zod';
import { textField } from '../../shared/text.js';
import { publicProcedure, router, sellerProcedure } from '../trpc.js';
import { createShop, listShops } from './service.js';

export const shopRouter = router({
  list: publicProcedure.query(({ ctx }) => listShops(ctx.deps.db)),
  create: sellerProcedure
    .input(z.object({ name: textField(100) }))
    .mutation(({ ctx, input }) => createShop(ctx.deps, ctx.user, input.name)),
});
