import { z } from 'zod';
import { stockMovementKindSchema } from '../../shared/purchasing.js';
import { textField } from '../../shared/text.js';
import { eventIdField, eventIdOption, withEventId } from '../events/transact.js';
import { buyerProcedure, publicProcedure, router, sellerProcedure } from '../trpc.js';
import { transferProcedures } from '../transfers/router.js';
import { lastEventIdSchema, topicKinds } from '../live/topics.js';
import { listMovements } from './movements.js';
import { archiveProduct, restoreProduct } from './archive.js';
import { subscribeToRestock } from './backInStock.js';
import { adjustInventory, createProduct, listProducts, productSnapshot, updateProduct } from './service.js';

const cents = z.number().int().min(0).max(100_000_000);
const shopId = z.string().min(1).max(100);
const productId = z.string().min(1).max(100);

export const productRouter = router({
  list: publicProcedure.input(z.object({ shopId })).query(({ ctx, input }) => listProducts(ctx.deps.db, ctx.user, input.shopId)),
  /** `list` plus the event cursor its stock reflects, for a storefront that then follows `onStockChange`. */
  snapshot: publicProcedure.input(z.object({ shopId })).query(({ ctx, input }) => productSnapshot(ctx.deps.db, ctx.user, input.shopId)),
  /** Stock levels of a shop's products as they change; public, like the product list. */
  onStockChange: publicProcedure
    .input(z.object({ shopId, lastEventId: lastEventIdSchema }))
    .subscription(({ ctx, input }) => ctx.deps.live.follow(ctx.user, topicKinds.stock, input.shopId, input.lastEventId)),
  create: sellerProcedure
    .input(eventIdOption)
    .input(
      z.object({
        shopId,
        name: textField(200),
        sku: textField(64),
        priceCents: cents,
        costCents: cents,
        stock: z.number().int().min(0).max(1_000_000_000),
        lowStockThreshold: z.number().int().min(0).max(1_000_000_000).default(5),
      }),
    )
    .mutation(({ ctx, input }) => withEventId(ctx.deps, input.withEventId, (deps) => createProduct(deps, ctx.user, input))),
  /** Name, price, cost or low-stock threshold of one product; at least one of them. */
  update: sellerProcedure
    .input(eventIdOption)
    .input(
      z
        .object({
          productId: z.string().min(1).max(100),
          name: textField(200).optional(),
          priceCents: cents.optional(),
          costCents: cents.optional(),
          lowStockThreshold: z.number().int().min(0).max(1_000_000_000).optional(),
        })
        .refine((edit) => [edit.name, edit.priceCents, edit.costCents, edit.lowStockThreshold].some((v) => v !== undefined), {
          message: 'Give at least one of name, priceCents, costCents, lowStockThreshold',
        }),
    )
    .mutation(({ ctx, input }) => withEventId(ctx.deps, input.withEventId, (deps) => updateProduct(deps, ctx.user, input))),
  /** Owners and managers stop selling a product (buyers no longer see it; past orders keep it), and take it back. */
  archive: sellerProcedure
    .input(z.object({ productId, ...eventIdField }))
    .mutation(({ ctx, input }) => withEventId(ctx.deps, input.withEventId, (deps) => archiveProduct(deps, ctx.user, input.productId))),
  restore: sellerProcedure
    .input(z.object({ productId, ...eventIdField }))
    .mutation(({ ctx, input }) => withEventId(ctx.deps, input.withEventId, (deps) => restoreProduct(deps, ctx.user, input.productId))),
  /** A buyer asks for one `back_in_stock` notification when this sold-out product is next restocked. */
  notifyMe: buyerProcedure.input(z.object({ productId })).mutation(({ ctx, input }) => subscribeToRestock(ctx.deps, ctx.user, input.productId)),
});

export const inventoryRouter = router({
  /** The shop's stock ledger (one product's with productId), newest first, with the event cursor to follow the dashboard from. */
  movements: sellerProcedure
    .input(
      z.object({
        shopId,
        productId: z.string().min(1).max(100).optional(),
        kind: stockMovementKindSchema.optional(),
        cursor: z.string().max(200).nullish(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(({ ctx, input }) => listMovements(ctx.deps.db, ctx.user, input)),
  adjust: sellerProcedure
    .input(eventIdOption)
    .input(
      z.object({
        productId: z.string().min(1),
        delta: z
          .number()
          .int()
          .min(-1_000_000_000)
          .max(1_000_000_000)
          .refine((d) => d !== 0, 'delta must not be 0'),
        reason: textField(200),
      }),
    )
    .mutation(({ ctx, input }) => withEventId(ctx.deps, input.withEventId, (deps) => adjustInventory(deps, ctx.user, input))),
  ...transferProcedures,
});
