import { z } from 'zod';
import { purchaseOrderStatusSchema } from '../../shared/purchasing.js';
import { emailField, textField } from '../../shared/text.js';
import { router, sellerProcedure } from '../trpc.js';
import { createPurchaseOrder, getPurchaseOrder, listPurchaseOrders, receivePurchaseOrder, setPurchaseOrderStatus, updatePurchaseOrder } from './service.js';
import { createSupplier, listSuppliers } from './suppliers.js';

const id = z.string().min(1).max(100);
const quantity = z.number().int('quantity must be a whole number').min(1, 'quantity must be at least 1').max(1_000_000_000);
const orderLines = z
  .array(z.object({ productId: id, quantity, unitCostCents: z.number().int().min(0).max(100_000_000) }))
  .min(1, 'A purchase order needs at least one line')
  .max(500);

export const supplierRouter = router({
  create: sellerProcedure
    .input(z.object({ shopId: id, name: textField(200), email: emailField().optional() }))
    .mutation(({ ctx, input }) => createSupplier(ctx.deps, ctx.user, input)),
  list: sellerProcedure.input(z.object({ shopId: id })).query(({ ctx, input }) => listSuppliers(ctx.deps.db, ctx.user, input.shopId)),
});

export const purchaseOrderRouter = router({
  create: sellerProcedure
    .input(z.object({ shopId: id, supplierId: id, lines: orderLines }))
    .mutation(({ ctx, input }) => createPurchaseOrder(ctx.deps, ctx.user, input)),
  update: sellerProcedure
    .input(z.object({ purchaseOrderId: id, lines: orderLines }))
    .mutation(({ ctx, input }) => updatePurchaseOrder(ctx.deps, ctx.user, input)),
  setStatus: sellerProcedure
    .input(z.object({ purchaseOrderId: id, status: z.enum(['ordered', 'cancelled']) }))
    .mutation(({ ctx, input }) => setPurchaseOrderStatus(ctx.deps, ctx.user, input)),
  receive: sellerProcedure
    .input(z.object({ purchaseOrderId: id, lines: z.array(z.object({ productId: id, quantity })).min(1, 'Say what arrived: at least one line').max(500) }))
    .mutation(({ ctx, input }) => receivePurchaseOrder(ctx.deps, ctx.user, input)),
  /** Beyond CONTRACT: one purchase order, for its detail and receive screens. */
  get: sellerProcedure.input(z.object({ purchaseOrderId: id })).query(({ ctx, input }) => getPurchaseOrder(ctx.deps.db, ctx.user, input.purchaseOrderId)),
  list: sellerProcedure
    .input(z.object({ shopId: id, status: purchaseOrderStatusSchema.optional() }))
    .query(({ ctx, input }) => listPurchaseOrders(ctx.deps.db, ctx.user, input)),
});
