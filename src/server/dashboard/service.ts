import type { DashboardStats } from '../../shared/domain.js';
import type { PeriodFigures } from '../../shared/periods.js';
import { assertSellerOfShop, seesMoney } from '../shops/access.js';
import { statsView } from '../shops/moneyViews.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Db, Executor } from '../db/database.js';
import { latestEventId } from '../events/eventLog.js';

export interface Period {
  from: Date;
  to: Date;
}

/**
 * Figures and the id of the newest event they include, read in one transaction so
 * that subscribing from `cursor` neither misses nor double-counts an event.
 * Orders count by the time they were placed, in [from, to) (all of them without a period);
 * cancelled orders count in neither the order count nor the money. Staff get no profit figure.
 */
export async function getDashboardStats(db: Db, user: TokenClaims, shopId: string, period: Period | null): Promise<DashboardStats> {
  return db.transaction().execute(async (trx) => {
    const role = await assertSellerOfShop(trx, user, shopId);
    const totals = await orderTotals(trx, shopId, period);
    const previous = period ? previousPeriod(period) : null;
    const low = await trx
      .selectFrom('products')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('shop_id', '=', shopId)
      .where('archived_at', 'is', null)
      .whereRef('stock', '<=', 'low_stock_threshold')
      .executeTakeFirstOrThrow();
    // Stock at cost: money beyond prices, so null for staff (statsView). The SPA keeps it live from its product rows.
    const stock = await trx
      .selectFrom('products')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>(eb('stock', '*', eb.ref('cost_cents'))), eb.lit(0)).as('valueCents'))
      .where('shop_id', '=', shopId)
      .executeTakeFirstOrThrow();
    const stats: DashboardStats = {
      period,
      ...totals,
      lowStockCount: Number(low.count),
      inventoryValueCents: Number(stock.valueCents),
      cursor: String(await latestEventId(trx)),
      previous: previous ? { ...previous, ...(await orderTotals(trx, shopId, previous)) } : null,
    };
    return statsView(stats, seesMoney(role));
  });
}

/** The period of the same length that ends where this one starts. */
export function previousPeriod(period: Period): Period {
  const length = period.to.getTime() - period.from.getTime();
  return { from: new Date(period.from.getTime() - length), to: period.from };
}

/** Answered from the index orders_shop_period alone (migration 0012): it holds every column read here. */
async function orderTotals(db: Executor, shopId: string, period: Period | null): Promise<Omit<PeriodFigures, 'from' | 'to'> & { profitCents: number }> {
  let query = db
    .selectFrom('orders')
    .select((eb) => [
      eb.fn.countAll<number>().as('orderCount'),
      eb.fn.coalesce(eb.fn.sum<number>('total_cents'), eb.lit(0)).as('revenueCents'),
      eb.fn.coalesce(eb.fn.sum<number>('profit_cents'), eb.lit(0)).as('profitCents'),
    ])
    .where('shop_id', '=', shopId)
    .where('status', '!=', 'cancelled');
  if (period) query = query.where('created_at', '>=', period.from.getTime()).where('created_at', '<', period.to.getTime());
  const totals = await query.executeTakeFirstOrThrow();
  return { orderCount: Number(totals.orderCount), revenueCents: Number(totals.revenueCents), profitCents: Number(totals.profitCents) };
}
