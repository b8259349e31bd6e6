import { z } from 'zod';
import { publicProcedure, router, sellerProcedure } from '../trpc.js';
import { adjustInventory, createProduct, listProducts } from './service.js';

const cents = z.number().int().min(0).max(100_000_000);

export const productRouter = router({
  list: publicProcedure.input(z.object({ shopId: z.string().min(1) })).query(({ ctx, input }) => listProducts(ctx.deps.db, input.shopId)),
  create: sellerProcedure
    .input(
      z.object({
        shopId: z.string().min(1),
        name: z.string().trim().min(1).max(200),
        sku: z.string().trim().min(1).max(64),
        priceCents: cents,
        costCents: cents,
        stock: z.number().int().min(0).max(1_000_000_000),
        lowStockThreshold: z.number().int().min(0).max(1_000_000_000).default(5),
      }),
    )
    .mutation(({ ctx, input }) => createProduct(ctx.deps, ctx.user, input)),
});

export const inventoryRouter = router({
  adjust: sellerProcedure
    .input(
      z.object({
        productId: z.string().min(1),
        delta: z
          .number()
          .int()
          .min(-1_000_000_000)
          .max(1_000_000_000)
          .refine((d) => d !== 0, 'delta must not be 0'),
        reason: z.string().trim().min(1).max(200),
      }),
    )
    .mutation(({ ctx, input }) => adjustInventory(ctx.deps, ctx.user, input)),
});
