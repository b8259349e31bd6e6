import { z } from 'zod';
import { textField } from '../../shared/text.js';
import { transferStatusSchema } from '../../shared/transfers.js';
import { sellerProcedure } from '../trpc.js';
import { listTransfers, receiveTransfer, sendTransfer } from './service.js';

const id = z.string().min(1).max(100);

/** Merged into the `inventory` router: CONTRACT names them `inventory.transfer` and `inventory.receiveTransfer`. */
export const transferProcedures = {
  transfer: sellerProcedure
    .input(
      z.object({
        fromShopId: id,
        toShopId: id,
        sku: textField(64),
        quantity: z.number().int('quantity must be a whole number').min(1, 'quantity must be at least 1').max(1_000_000_000),
      }),
    )
    .mutation(({ ctx, input }) => sendTransfer(ctx.deps, ctx.user, input)),
  receiveTransfer: sellerProcedure.input(z.object({ transferId: id })).mutation(({ ctx, input }) => receiveTransfer(ctx.deps, ctx.user, input)),
  /** Beyond CONTRACT: a shop's transfers in and out, newest first, with the cursor to follow its dashboard from. */
  transfers: sellerProcedure
    .input(z.object({ shopId: id, status: transferStatusSchema.optional(), limit: z.number().int().min(1).max(200).default(100) }))
    .query(({ ctx, input }) => listTransfers(ctx.deps.db, ctx.user, input)),
};
