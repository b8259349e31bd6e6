import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useMemo, useReducer, useRef } from 'react';
import { orderMatches, type OrderFilters } from '../../../../shared/orderFilters.js';
import type { DashboardEvent } from '../../../../shared/events.js';
import { trpc } from '../../../app/trpc.js';
import { useLiveStream } from '../../../lib/live/useLiveStream.js';
import { inventoryValue } from './inventoryValue.js';
import { initialLiveState, liveFigures, liveReducer, type Figures, type LiveState, type Span } from './liveState.js';
import { browserTimeZone, type Period } from './periods.js';
import { initialOrderDetails, liveRefunded, orderDetailsReducer, withDetails } from './liveOrderDetails.js';
import { mergeOrders, mergeProducts } from './mergeSnapshots.js';

const ORDER_PAGE = 50;

/**
 * Everything the dashboard shows, live. Each view starts from a snapshot and the one
 * subscription starts at the oldest snapshot's cursor, so nothing between "load" and
 * "listen" is lost; event ids make every replayed event count once.
 */
export function useShopLive(shopId: string, period: Period, onFreshEvent: (event: DashboardEvent) => void, orderFilters: OrderFilters = {}) {
  // A period's figures and chart are snapshots like any other: events after their cursors are added, where their orders were placed.
  const stats = trpc.dashboard.stats.useQuery({ shopId, from: period.from, to: period.to }, { refetchOnWindowFocus: false });
  const series = trpc.dashboard.series.useQuery(
    { shopId, from: period.from, to: period.to, bucket: period.bucket, timeZone: browserTimeZone() },
    { refetchOnWindowFocus: false },
  );
  // Other filters are another query; the list on screen stays until its answer comes (and the stream's cursor with it).
  const orders = trpc.order.list.useInfiniteQuery(
    { shopId, limit: ORDER_PAGE, ...orderFilters },
    { getNextPageParam: (page) => page.nextCursor ?? undefined, refetchOnWindowFocus: false, placeholderData: keepPreviousData },
  );
  const [live, dispatch] = useReducer(liveReducer, undefined, initialLiveState);
  const [details, dispatchDetails] = useReducer(orderDetailsReducer, undefined, initialOrderDetails);
  const cursors = snapshotCursors([stats.data?.cursor, series.data?.cursor, orders.data?.pages[0]?.eventCursor]);
  // Read after the cursors, so replaying from them brings stock up to date rather than back in time.
  const products = trpc.product.list.useQuery({ shopId }, { enabled: cursors !== undefined });

  const allLoadedOrders = useMemo(() => orders.data?.pages.flatMap((page) => page.items) ?? [], [orders.data]);
  useEffect(() => dispatch({ type: 'ordersLoaded', orders: allLoadedOrders }), [allLoadedOrders]);

  // Events up to the newer snapshot were already on screen when it loaded: no toast for those.
  const toastAfter = useRef<number | null>(null);
  const highCursor = cursors?.high;
  useEffect(() => {
    if (highCursor !== undefined && toastAfter.current === null) toastAfter.current = highCursor;
  }, [highCursor]);

  const utils = trpc.useUtils();
  const reloadSnapshot = async () => {
    dispatch({ type: 'reset' });
    dispatchDetails({ type: 'reset' });
    // A reload may follow a change of role in this shop: the screen hides what the new role may not do.
    void utils.auth.me.invalidate();
    const [freshStats, freshSeries, freshOrders] = await Promise.all([
      stats.refetch({ throwOnError: true }),
      series.refetch({ throwOnError: true }),
      orders.refetch({ throwOnError: true }),
    ]);
    const fresh = snapshotCursors([freshStats.data?.cursor, freshSeries.data?.cursor, freshOrders.data?.pages[0]?.eventCursor]);
    if (!fresh) throw new Error('The reloaded dashboard has no cursor');
    toastAfter.current = fresh.high;
    void products.refetch();
    return String(fresh.low);
  };

  const stream = useLiveStream(trpc.dashboard.onDashboardUpdate, {
    input: { shopId },
    cursor: cursors ? String(cursors.low) : undefined,
    reloadSnapshot,
    onEvent: (event, id) => {
      const receivedAt = new Date();
      dispatch({ type: 'event', id, event, receivedAt });
      dispatchDetails({ type: 'event', id, event, receivedAt });
      if (event.type === 'inventory_update' && hasNewDetails(event.updates, products.data)) void products.refetch();
      // Price, threshold and archiving live in the list alone.
      if (CATALOG_EVENTS.has(event.type)) void products.refetch();
      if (toastAfter.current !== null && id > toastAfter.current) onFreshEvent(event);
    },
  });

  useRebase(live.rebaseAfter, stats.data?.cursor, stats.isFetching, stats.refetch);
  useRebase(live.rebaseAfter, series.data?.cursor, series.isFetching, series.refetch);

  // Orders that arrive or change live are held to the same filters the server applied to the pages
  // (an order that is cancelled leaves a "pending" list; a new order joins it if it matches).
  const orderRows = useMemo(
    () => withDetails(mergeOrders(allLoadedOrders, live), details).filter((order) => orderMatches(order, orderFilters)),
    [allLoadedOrders, live, details, orderFilters],
  );
  const productRows = useMemo(() => (products.data ? mergeProducts(products.data, live.stockById) : undefined), [products.data, live.stockById]);
  const figures = stats.data ? liveFigures(stats.data, live.deltas, spanOf(period)) : undefined;
  const previous = stats.data?.previous ? liveFigures({ ...stats.data.previous, cursor: stats.data.cursor }, live.deltas, spanOf(stats.data.previous)) : null;

  return {
    stats,
    series,
    orders,
    products,
    stream,
    figures,
    previous,
    buckets: series.data ? liveBuckets(series.data.buckets, series.data.cursor, live.deltas) : undefined,
    previousBuckets: series.data ? liveBuckets(series.data.previousBuckets, series.data.cursor, live.deltas) : undefined,
    // Live from the rows once they are loaded; the snapshot's figure until then.
    inventoryValueCents: productRows ? inventoryValue(productRows) : (stats.data?.inventoryValueCents ?? null),
    /** Money given back to buyers in the period, live; null for staff. */
    refundedCents: stats.data ? liveRefunded(stats.data, details.refunds, spanOf(period)) : null,
    orderRows,
    productRows,
    alerts: live.alerts,
    rebasing: live.rebaseAfter !== null && stats.data !== undefined && live.rebaseAfter > Number(stats.data.cursor),
  };
}

// price_changed comes with a product_updated, which reads the list again already.
const CATALOG_EVENTS = new Set<DashboardEvent['type']>(['product_created', 'product_updated', 'product_archived']);

function spanOf(period: { from: Date; to: Date }): Span {
  return { from: period.from.getTime(), to: period.to.getTime() };
}

/** Each chart bucket is a period of its own: its snapshot plus the changes of orders placed in it. */
function liveBuckets<B extends Figures & { from: Date; to: Date }>(buckets: readonly B[], cursor: string, deltas: LiveState['deltas']): (B & Figures)[] {
  return buckets.map((bucket) => ({ ...bucket, ...liveFigures({ ...bucket, cursor }, deltas, spanOf(bucket)) }));
}

/** The stream starts at the oldest snapshot's cursor; the newest one bounds the replay. */
function snapshotCursors(cursors: readonly (string | undefined)[]): { low: number; high: number } | undefined {
  if (cursors.some((cursor) => cursor === undefined)) return undefined;
  const ids = cursors.map(Number);
  return { low: Math.min(...ids), high: Math.max(...ids) };
}

/**
 * A product created or renamed after the list was read (in another tab, or by another seller of
 * the shop): only the list has its price and threshold, so read it again.
 */
function hasNewDetails(updates: readonly { productId: string; productName: string }[], known: readonly { id: string; name: string }[] | undefined): boolean {
  if (!known) return false;
  return updates.some((update) => !known.some((product) => product.id === update.productId && product.name === update.productName));
}

/** A cancellation we could not price locally: fetch figures again until their cursor is past it. */
function useRebase(rebaseAfter: number | null, cursor: string | undefined, fetching: boolean, refetch: () => unknown) {
  useEffect(() => {
    if (rebaseAfter === null || cursor === undefined || fetching) return;
    if (rebaseAfter > Number(cursor)) void refetch();
  }, [rebaseAfter, cursor, fetching, refetch]);
}
