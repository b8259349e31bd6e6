import type { IngestMessage } from '../../shared/ingest.js';
import { NotFoundError } from '../errors.js';
import type { TransactDeps } from '../events/transact.js';
import type { IdSource } from '../ids.js';
import { updateOrderStatusBySystem } from '../orders/service.js';
import { AlreadyApplied } from './claims.js';

export type OrderStatusReport = IngestMessage<'order.status'>;

/**
 * A warehouse shipped or delivered an order: the same move a member makes on the dashboard
 * (order.updateStatus), so the shop's dashboard, the order's stream and the buyer's notification
 * hear of it alike. An order already at that status (the warehouse said so twice, under two ids)
 * is left as it is; a move the lifecycle refuses (shipping a pending order) is refused.
 */
export async function applyOrderStatus(deps: TransactDeps & { ids: IdSource }, message: OrderStatusReport, messageId: string): Promise<void> {
  const order = await deps.db.selectFrom('orders').select(['shop_id', 'status']).where('id', '=', message.orderId).executeTakeFirst();
  // Another shop's order is not this sender's to move, and is reported as unknown to it.
  if (!order || order.shop_id !== message.shopId) throw new NotFoundError(`Order ${message.orderId} of shop ${message.shopId}`);
  if (order.status === message.status) throw new AlreadyApplied(messageId);
  await updateOrderStatusBySystem(deps, { orderId: message.orderId, status: message.status });
}
