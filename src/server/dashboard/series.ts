import type { BucketSize, RevenueBucket, RevenueSeries } from '../../shared/periods.js';
import { bucketEdges } from './buckets.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Db, Executor } from '../db/database.js';
import { latestEventId } from '../events/eventLog.js';
import { prepared } from '../db/prepared.js';
import { assertSellerOfShop, seesMoney } from '../shops/access.js';
import { seriesView } from '../shops/moneyViews.js';

/**
 * Revenue per bucket for the dashboard's chart, and the same buckets of the period before (shifted
 * back by the period's length, as `dashboard.stats` counts it): bucket i holds the orders placed in
 * [edges[i], edges[i+1]), not cancelled, the same orders as the period's figures. Day buckets are
 * cut at the caller's own midnights (timeZone), hours step from `from`: an order at 12:50 is in
 * the 12:00–13:00 bucket. With the cursor the buckets reflect.
 */
export async function getRevenueSeries(
  db: Db,
  user: TokenClaims,
  input: { shopId: string; from: Date; to: Date; bucket: BucketSize; timeZone: string },
): Promise<RevenueSeries> {
  const edges = bucketEdges(input.from, input.to, input.bucket, input.timeZone);
  const length = input.to.getTime() - input.from.getTime();
  return db.transaction().execute(async (trx) => {
    const role = await assertSellerOfShop(trx, user, input.shopId);
    const series: RevenueSeries = {
      buckets: await bucketsOf(trx, input.shopId, edges),
      previousBuckets: await bucketsOf(
        trx,
        input.shopId,
        edges.map((edge) => new Date(edge.getTime() - length)),
      ),
      cursor: String(await latestEventId(trx)),
    };
    return seriesView(series, seesMoney(role));
  });
}

/**
 * One statement, one sum per bucket (UNION ALL): each part reads its own stretch of the index
 * orders_shop_period and nothing else, so a month of a busy shop costs a month of index entries,
 * with no grouping or sorting of them. Compiled once per bucket count (db/prepared.ts): building
 * a union of dozens of parts costs Kysely more than SQLite spends running it.
 */
const bucketSums = prepared((db, p: { shopId: string; spans: { from: number; to: number }[] }) => {
  const part = (i: number) =>
    db
      .selectFrom('orders')
      .select((eb) => [
        eb.lit(i).as('bucket'),
        eb.fn.countAll<number>().as('orderCount'),
        eb.fn.coalesce(eb.fn.sum<number>('total_cents'), eb.lit(0)).as('revenueCents'),
        eb.fn.coalesce(eb.fn.sum<number>('profit_cents'), eb.lit(0)).as('profitCents'),
      ])
      .where('shop_id', '=', p.shopId)
      .where('status', '!=', 'cancelled')
      .where('created_at', '>=', p.spans[i]?.from ?? 0)
      .where('created_at', '<', p.spans[i]?.to ?? 0);
  let query = part(0);
  for (let i = 1; i < p.spans.length; i++) query = query.unionAll(part(i));
  return query;
});

async function bucketsOf(db: Executor, shopId: string, edges: readonly Date[]): Promise<RevenueBucket[]> {
  const spans = edges.slice(0, -1).map((from, i) => ({ from, to: edges[i + 1] ?? from }));
  const rows = await bucketSums.execute(db, { shopId, spans: spans.map((span) => ({ from: span.from.getTime(), to: span.to.getTime() })) });
  const byBucket = new Map(rows.map((row) => [Number(row.bucket), row]));
  return spans.map((span, i) => {
    const row = byBucket.get(i);
    return { ...span, orderCount: Number(row?.orderCount ?? 0), revenueCents: Number(row?.revenueCents ?? 0), profitCents: Number(row?.profitCents ?? 0) };
  });
}
