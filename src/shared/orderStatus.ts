import { z } from 'zod';

export const ORDER_STATUSES = ['pending', 'confirmed', 'shipped', 'delivered', 'cancelled'] as const;
export const orderStatusSchema = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

/** Who moved an order: its buyer (only ever a cancel), a member of its shop, or no person (an unpaid release, a warehouse). */
export const orderMoverSchema = z.enum(['buyer', 'shop', 'system']);
export type OrderMover = z.infer<typeof orderMoverSchema>;

/** The whole lifecycle in one table: the server enforces it, the UI offers exactly these moves. */
export const NEXT_STATUSES: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ['confirmed', 'cancelled'],
  confirmed: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

export function canMoveOrder(from: OrderStatus, to: OrderStatus): boolean {
  return NEXT_STATUSES[from].includes(to);
}
