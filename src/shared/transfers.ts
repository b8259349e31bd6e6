import { z } from 'zod';

/** Sent (the stock left the source) then received (it arrived in the target); nothing in between. */
export const transferStatusSchema = z.enum(['in_transit', 'received']);
export type TransferStatus = z.infer<typeof transferStatusSchema>;

/** Stock moving between two shops of one owner, matched by SKU. Quantities only: no money, so staff see it whole. */
export const transferSchema = z.object({
  id: z.string(),
  fromShopId: z.string(),
  fromShopName: z.string(),
  toShopId: z.string(),
  toShopName: z.string(),
  sku: z.string(),
  /** The product in each shop, and its name there. */
  fromProductId: z.string(),
  toProductId: z.string(),
  productName: z.string(),
  quantity: z.number().int(),
  status: transferStatusSchema,
  sentBy: z.string(),
  sentByName: z.string(),
  sentAt: z.date(),
  receivedBy: z.string().nullable(),
  receivedByName: z.string().nullable(),
  receivedAt: z.date().nullable(),
});
export type Transfer = z.infer<typeof transferSchema>;
