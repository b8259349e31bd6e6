import type { PurchaseOrder } from '../../shared/purchasing.js';
import type { Trx } from '../db/database.js';
import type { Emit } from '../events/transact.js';
import { notify, type NotifyDeps } from '../notifications/notify.js';

/**
 * Goods arrived (often taken in by staff at the door): the shop's owners and managers, who order
 * and pay for them, hear what came and what is still to come. Not the person who received them.
 */
export async function notifyReceipt(
  trx: Trx,
  emit: Emit,
  deps: NotifyDeps,
  input: { order: PurchaseOrder; received: readonly { productId: string; quantity: number }[]; receivedBy: string },
): Promise<void> {
  const managers = await trx
    .selectFrom('shop_sellers')
    .innerJoin('shops', 'shops.id', 'shop_sellers.shop_id')
    .select(['shop_sellers.user_id', 'shops.name as shop_name'])
    .where('shop_sellers.shop_id', '=', input.order.shopId)
    .where('shop_sellers.role', 'in', ['owner', 'manager'])
    .where('shop_sellers.user_id', '!=', input.receivedBy)
    .execute();
  const first = managers[0];
  if (!first) return;
  const receiver = await trx.selectFrom('users').select('name').where('id', '=', input.receivedBy).executeTakeFirst();
  const { order } = input;
  const names = new Map(order.lines.map((l) => [l.productId, l.productName]));
  const what = input.received.map((r) => `${r.quantity}× ${names.get(r.productId) ?? 'product'}`).join(', ');
  const outstanding = order.lines.reduce((sum, l) => sum + l.quantity - l.receivedQuantity, 0);
  const body =
    `At ${first.shop_name}, ${receiver?.name ?? 'someone'} received ${what} from ${order.supplierName}. ` +
    (order.status === 'received' ? 'The purchase order is complete.' : `${outstanding} more to come on this purchase order.`);
  await notify(
    trx,
    emit,
    deps,
    managers.map((m) => ({
      userId: m.user_id,
      kind: 'purchase_order' as const,
      title: order.status === 'received' ? `Purchase order from ${order.supplierName} received` : `Goods arrived from ${order.supplierName}`,
      body,
      link: `/dashboard/${order.shopId}/purchase-orders/${order.id}`,
    })),
  );
}
