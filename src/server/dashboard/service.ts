import type { DashboardStats } from '../../shared/domain.js';
import { assertSellerOfShop, seesMoney } from '../shops/access.js';
import { statsView } from '../shops/moneyViews.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Db } from '../db/database.js';
import { latestEventId } from '../events/eventLog.js';
import { refundedCents } from '../payments/figures.js';

/**
 * Figures and the id of the newest event they include, read in one transaction so
 * that subscribing from `cursor` neither misses nor double-counts an event.
 * Cancelled orders count in neither the order count nor the money. Staff get no profit figure.
 */
export async function getDashboardStats(db: Db, user: TokenClaims, shopId: string): Promise<DashboardStats> {
  return db.transaction().execute(async (trx) => {
    const role = await assertSellerOfShop(trx, user, shopId);
    const totals = await trx
      .selectFrom('orders')
      .select((eb) => [
        eb.fn.countAll<number>().as('orderCount'),
        eb.fn.coalesce(eb.fn.sum<number>('total_cents'), eb.lit(0)).as('revenueCents'),
        eb.fn.coalesce(eb.fn.sum<number>('profit_cents'), eb.lit(0)).as('profitCents'),
      ])
      .where('shop_id', '=', shopId)
      .where('status', '!=', 'cancelled')
      .executeTakeFirstOrThrow();
    const low = await trx
      .selectFrom('products')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('shop_id', '=', shopId)
      .whereRef('stock', '<=', 'low_stock_threshold')
      .executeTakeFirstOrThrow();
    // Stock at cost: money beyond prices, so null for staff (statsView). The SPA keeps it live from its product rows.
    const stock = await trx
      .selectFrom('products')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>(eb('stock', '*', eb.ref('cost_cents'))), eb.lit(0)).as('valueCents'))
      .where('shop_id', '=', shopId)
      .executeTakeFirstOrThrow();
    const stats: DashboardStats = {
      orderCount: Number(totals.orderCount),
      revenueCents: Number(totals.revenueCents),
      profitCents: Number(totals.profitCents),
      refundedCents: await refundedCents(trx, shopId),
      lowStockCount: Number(low.count),
      inventoryValueCents: Number(stock.valueCents),
      cursor: String(await latestEventId(trx)),
    };
    return statsView(stats, seesMoney(role));
  });
}
