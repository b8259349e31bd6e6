import { sql } from 'kysely';
import { BUCKET_ALIGN_MS, type RevenueBucket, type RevenueSeries } from '../../shared/periods.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Db, Executor } from '../db/database.js';
import { latestEventId } from '../events/eventLog.js';
import { assertSellerOfShop, seesMoney } from '../shops/access.js';
import { seriesView } from '../shops/moneyViews.js';

/**
 * Revenue per bucket for the dashboard's chart: bucket i holds the orders placed in
 * [edges[i], edges[i+1]), not cancelled (the same orders as the period's figures). The edges come
 * from the client, made in its own time zone (its hours or its midnights), so an order at 12:50
 * is in the 12:00–13:00 bucket wherever the seller is. With the cursor the buckets reflect.
 */
export async function getRevenueSeries(
  db: Db,
  user: TokenClaims,
  input: { shopId: string; edges: readonly Date[]; previousEdges?: readonly Date[] | undefined },
): Promise<RevenueSeries> {
  return db.transaction().execute(async (trx) => {
    const role = await assertSellerOfShop(trx, user, input.shopId);
    const series: RevenueSeries = {
      buckets: await bucketsOf(trx, input.shopId, input.edges),
      previousBuckets: input.previousEdges ? await bucketsOf(trx, input.shopId, input.previousEdges) : null,
      cursor: String(await latestEventId(trx)),
    };
    return seriesView(series, seesMoney(role));
  });
}

/**
 * Sums per quarter hour in SQL (every edge is one, see BUCKET_ALIGN_MS), so a busy month comes
 * back as at most ~3,000 rows rather than one per order; then each quarter goes into its bucket.
 */
async function bucketsOf(db: Executor, shopId: string, edges: readonly Date[]): Promise<RevenueBucket[]> {
  const times = edges.map((edge) => edge.getTime());
  const buckets = times.slice(0, -1).map((from, i) => ({ from: new Date(from), to: new Date(times[i + 1] ?? from), orderCount: 0, revenueCents: 0, profitCents: 0 }));
  const quarter = sql<number>`${sql.ref('created_at')} / ${sql.lit(BUCKET_ALIGN_MS)}`;
  const rows = await db
    .selectFrom('orders')
    .select((eb) => [
      quarter.as('quarter'),
      eb.fn.countAll<number>().as('orderCount'),
      eb.fn.sum<number>('total_cents').as('revenueCents'),
      eb.fn.sum<number>('profit_cents').as('profitCents'),
    ])
    .where('shop_id', '=', shopId)
    .where('status', '!=', 'cancelled')
    .where('created_at', '>=', times[0] ?? 0)
    .where('created_at', '<', times.at(-1) ?? 0)
    .groupBy(quarter)
    .execute();
  for (const row of rows) {
    const bucket = buckets[bucketIndex(times, Number(row.quarter) * BUCKET_ALIGN_MS)];
    if (!bucket) continue;
    bucket.orderCount += Number(row.orderCount);
    bucket.revenueCents += Number(row.revenueCents);
    bucket.profitCents += Number(row.profitCents);
  }
  return buckets;
}

/** The last edge at or before `at` (edges increase; `at` is within [first, last)). */
function bucketIndex(times: readonly number[], at: number): number {
  let low = 0;
  let high = times.length - 2;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if ((times[mid] ?? Infinity) <= at) low = mid;
    else high = mid - 1;
  }
  return low;
}
