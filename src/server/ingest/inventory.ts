import type { IngestMessage } from '../../shared/ingest.js';
import { moveStock, stockAlerts, stockEvents } from '../catalog/stock.js';
import type { Trx } from '../db/database.js';
import { ConflictError, InvalidRequestError, NotFoundError } from '../errors.js';
import { transact, type TransactDeps } from '../events/transact.js';
import { stockAlertNotice } from '../notifications/messages.js';
import { notifyShop, type NotifyDeps } from '../notifications/notify.js';

export type InventoryCounted = IngestMessage<'inventory.counted'>;

/** A warehouse clock a little ahead of ours is fine; further ahead, the count's time is wrong. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * A warehouse's count, applied as the seller's own adjustment would be: one 'adjust' movement,
 * with its stock_movement, inventory_update and any low_stock, out_of_stock or restocked event
 * going live, and the members told of alerts.
 *
 * The count says what was sellable at `countedAt`, and orders may have come and gone since (it
 * reaches us seconds or minutes later). So the movement is the difference between the count and
 * the stock the product had at that moment (its stock now, less what moved since): sales since
 * the count stay counted. Never below zero: if more was sold since than the count found, stock goes to 0. A count as old
 * as (or older than) one already applied to the product arrives late and is refused.
 */
export function applyInventoryCounted(deps: TransactDeps & NotifyDeps, message: InventoryCounted, messageId: string): Promise<void> {
  return transact(deps, async (trx, emit) => {
    const now = deps.clock.now().getTime();
    const countedAt = message.countedAt.getTime();
    if (countedAt > now + CLOCK_SKEW_MS) {
      throw new InvalidRequestError(`countedAt ${message.countedAt.toISOString()} is in the future (it is ${new Date(now).toISOString()} here)`);
    }
    const at = Math.min(countedAt, now);
    const product = await countedProduct(trx, message);
    if (product.created_at > at) throw new InvalidRequestError(`The count (${message.countedAt.toISOString()}) is older than the product ${product.name}`);
    const last = await trx.selectFrom('ingest_counts').select('counted_at').where('product_id', '=', product.id).executeTakeFirst();
    if (last && Number(last.counted_at) >= at) {
      throw new ConflictError(`A count of ${product.name} as new or newer (${new Date(Number(last.counted_at)).toISOString()}) was applied already`, 'stale_count');
    }
    await trx
      .insertInto('ingest_counts')
      .values({ product_id: product.id, counted_at: at, message_id: messageId })
      .onConflict((oc) => oc.column('product_id').doUpdateSet({ counted_at: at, message_id: messageId }))
      .execute();

    const delta = Math.max(message.quantity - (await stockAt(trx, product, at)), -product.stock);
    if (delta === 0) return;
    const changes = await moveStock(trx, {
      moves: [{ productId: product.id, delta }],
      reason: `Counted by warehouse ${message.source}`,
      kind: 'adjust',
      by: null,
      orderId: null,
      now,
    });
    emit(...stockEvents(message.shopId, changes));
    const alerts = stockAlerts(changes);
    if (alerts.length > 0) await notifyShop(trx, emit, deps, message.shopId, (shop) => alerts.map((a) => stockAlertNotice(shop, message.shopId, a)));
  });
}

async function countedProduct(trx: Trx, message: InventoryCounted) {
  const shop = await trx.selectFrom('shops').select('id').where('id', '=', message.shopId).executeTakeFirst();
  if (!shop) throw new NotFoundError(`Shop ${message.shopId}`);
  let query = trx.selectFrom('products').select(['id', 'name', 'stock', 'created_at']).where('shop_id', '=', message.shopId);
  query = message.sku !== undefined ? query.where('sku', '=', message.sku) : query.where('id', '=', message.productId ?? '');
  const product = await query.executeTakeFirst();
  if (!product) throw new NotFoundError(message.sku !== undefined ? `Product with SKU ${message.sku} in shop ${message.shopId}` : `Product ${message.productId} in shop ${message.shopId}`);
  return { ...product, created_at: Number(product.created_at) };
}

/**
 * The product's stock at `at`: its stock now less every movement since. Only the ledger's rows
 * after the count are read, so products whose older history is not in it (the demo's) count too.
 */
async function stockAt(trx: Trx, product: { id: string; stock: number }, at: number): Promise<number> {
  const since = await trx
    .selectFrom('stock_movements')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>('delta'), eb.lit(0)).as('moved'))
    .where('product_id', '=', product.id)
    .where('created_at', '>', at)
    .executeTakeFirst();
  return product.stock - Number(since?.moved ?? 0);
}
