import { z } from 'zod';
import { addressInputSchema } from '../../shared/payments.js';
import { textField } from '../../shared/text.js';
import { authedProcedure, router } from '../trpc.js';
import { updateAccount } from './service.js';

export const accountRouter = router({
  /** The caller's name and saved shipping address (`null` forgets it); answers the user as `auth.me` does. */
  update: authedProcedure
    .input(z.object({ name: textField(100).optional(), shippingAddress: addressInputSchema.nullable().optional() }))
    .mutation(({ ctx, input }) => updateAccount(ctx.deps, ctx.user.userId, input)),
});
