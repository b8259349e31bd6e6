import { z } from 'zod';
import { orderStatusSchema } from './orderStatus.js';
import type { PeriodFigures } from './periods.js';

export const roleSchema = z.enum(['buyer', 'seller', 'admin']);
export type Role = z.infer<typeof roleSchema>;
/** The roles one may sign up for; `admin` comes from ADMIN_EMAILS alone. */
export const signUpRoleSchema = z.enum(['buyer', 'seller'], 'must be buyer or seller');

/** What a seller is in one shop (CONTRACT "Roles"): owners run the team, staff see no money beyond prices. */
export const shopRoleSchema = z.enum(['owner', 'manager', 'staff']);
export type ShopRole = z.infer<typeof shopRoleSchema>;

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  shopIds: z.array(z.string()),
  shops: z.array(z.object({ id: z.string(), name: z.string(), role: shopRoleSchema })),
});
export type User = z.infer<typeof userSchema>;

export const productSchema = z.object({
  id: z.string(),
  shopId: z.string(),
  name: z.string(),
  sku: z.string(),
  priceCents: z.number().int(),
  /** Null for anyone but the shop's owners and managers (staff, buyers, the public). */
  costCents: z.number().int().nullable(),
  stock: z.number().int(),
  lowStockThreshold: z.number().int(),
  /** When the shop stopped selling it (archived: not listed to buyers, not orderable); null while it is sold. */
  archivedAt: z.date().nullable(),
});
export type Product = z.infer<typeof productSchema>;

export const orderItemSchema = z.object({
  productId: z.string(),
  productName: z.string(),
  quantity: z.number().int(),
  priceCents: z.number().int(),
});
export type OrderItem = z.infer<typeof orderItemSchema>;

export const orderSchema = z.object({
  id: z.string(),
  shopId: z.string(),
  buyerId: z.string(),
  status: orderStatusSchema,
  totalCents: z.number().int(),
  /** Null for anyone but the shop's owners and managers (staff, the buyer). */
  profitCents: z.number().int().nullable(),
  items: z.array(orderItemSchema),
  createdAt: z.date(),
});
export type Order = z.infer<typeof orderSchema>;

export interface DashboardStats {
  /** The period these figures are for ([from, to), orders by the time they were placed); null: all time. */
  period: { from: Date; to: Date } | null;
  orderCount: number;
  revenueCents: number;
  /** Null for staff. */
  profitCents: number | null;
  lowStockCount: number;
  /** Every product's stock times its cost; null for staff. */
  inventoryValueCents: number | null;
  /** Id of the newest event already counted in these figures; subscribe from it. */
  cursor: string;
  /** The same figures for the period of the same length just before this one; null for all time. */
  previous: PeriodFigures | null;
}

export interface TeamMember {
  userId: string;
  email: string;
  name: string;
  role: ShopRole;
  /** Has an open live connection (WebSocket or SSE) now. */
  online: boolean;
}
