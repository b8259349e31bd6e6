import { z } from 'zod';

export const stockMovementKindSchema = z.enum(['order', 'cancel', 'adjust', 'purchase', 'transfer']);
export type StockMovementKind = z.infer<typeof stockMovementKindSchema>;

/** One row of a product's stock ledger: its movements add up to its stock. No money in it. */
export const stockMovementSchema = z.object({
  id: z.string(),
  productId: z.string(),
  productName: z.string(),
  delta: z.number().int(),
  stockAfter: z.number().int(),
  reason: z.string(),
  kind: stockMovementKindSchema,
  /** The user who made it (the buyer of an order, the member who adjusted, cancelled, received or sent); null when unknown. */
  by: z.string().nullable(),
  byName: z.string().nullable(),
  orderId: z.string().nullable(),
  purchaseOrderId: z.string().nullable(),
  transferId: z.string().nullable(),
  at: z.date(),
});
export type StockMovement = z.infer<typeof stockMovementSchema>;

export const supplierSchema = z.object({
  id: z.string(),
  shopId: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  createdAt: z.date(),
});
export type Supplier = z.infer<typeof supplierSchema>;

export const purchaseOrderStatusSchema = z.enum(['draft', 'ordered', 'partially_received', 'received', 'cancelled']);
export type PurchaseOrderStatus = z.infer<typeof purchaseOrderStatusSchema>;

/** The moves setStatus may make; receiving makes partially_received and received. */
export const PURCHASE_ORDER_MOVES: Record<PurchaseOrderStatus, readonly PurchaseOrderStatus[]> = {
  draft: ['ordered', 'cancelled'],
  ordered: ['cancelled'],
  // What has not arrived yet will not: the received part stays in stock.
  partially_received: ['cancelled'],
  received: [],
  cancelled: [],
};

/** Unit costs are money beyond prices: null for staff (CONTRACT "Roles"). */
export const purchaseOrderSchema = z.object({
  id: z.string(),
  shopId: z.string(),
  supplierId: z.string(),
  supplierName: z.string(),
  status: purchaseOrderStatusSchema,
  lines: z.array(
    z.object({
      productId: z.string(),
      productName: z.string(),
      quantity: z.number().int(),
      receivedQuantity: z.number().int(),
      unitCostCents: z.number().int().nullable(),
    }),
  ),
  totalCostCents: z.number().int().nullable(),
  createdBy: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type PurchaseOrder = z.infer<typeof purchaseOrderSchema>;
