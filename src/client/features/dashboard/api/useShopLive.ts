import { useEffect, useMemo, useReducer, useRef } from 'react';
import type { Product } from '../../../../shared/domain.js';
import type { DashboardEvent } from '../../../../shared/events.js';
import { trpc } from '../../../app/trpc.js';
import { useLiveStream } from '../../../lib/live/useLiveStream.js';
import { editsDetails, inventoryValue } from './inventoryValue.js';
import { initialLiveState, liveFigures, liveReducer } from './liveState.js';
import { initialOrderDetails, liveRefunded, orderDetailsReducer, withDetails } from './liveOrderDetails.js';
import { mergeOrders, mergeProducts } from './mergeSnapshots.js';

const ORDER_PAGE = 50;

/**
 * Everything the dashboard shows, live. Each view starts from a snapshot and the one
 * subscription starts at the oldest snapshot's cursor, so nothing between "load" and
 * "listen" is lost; event ids make every replayed event count once.
 */
export function useShopLive(shopId: string, onFreshEvent: (event: DashboardEvent) => void) {
  const stats = trpc.dashboard.stats.useQuery({ shopId }, { refetchOnWindowFocus: false });
  const orders = trpc.order.list.useInfiniteQuery(
    { shopId, limit: ORDER_PAGE },
    { getNextPageParam: (page) => page.nextCursor ?? undefined, refetchOnWindowFocus: false },
  );
  const [live, dispatch] = useReducer(liveReducer, undefined, initialLiveState);
  const [details, dispatchDetails] = useReducer(orderDetailsReducer, undefined, initialOrderDetails);
  const cursors = snapshotCursors(stats.data?.cursor, orders.data?.pages[0]?.eventCursor);
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

  const shownRows = useRef<readonly Product[] | undefined>(undefined);
  const utils = trpc.useUtils();
  const reloadSnapshot = async () => {
    dispatch({ type: 'reset' });
    dispatchDetails({ type: 'reset' });
    // A reload may follow a change of role in this shop: the screen hides what the new role may not do.
    void utils.auth.me.invalidate();
    const [freshStats, freshOrders] = await Promise.all([stats.refetch({ throwOnError: true }), orders.refetch({ throwOnError: true })]);
    const fresh = snapshotCursors(freshStats.data?.cursor, freshOrders.data?.pages[0]?.eventCursor);
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
      dispatch({ type: 'event', id, event, receivedAt: new Date() });
      dispatchDetails({ type: 'event', id, event });
      // Rows as shown before this event: a movement changes a row's stock, an edit (a new cost, say) does not.
      if (event.type === 'inventory_update' && (hasNewDetails(event.updates, products.data) || editsDetails(event.updates, shownRows.current))) void products.refetch();
      if (toastAfter.current !== null && id > toastAfter.current) onFreshEvent(event);
    },
  });

  useRebase(live.rebaseAfter, stats.data?.cursor, stats.isFetching, stats.refetch);

  const orderRows = useMemo(() => withDetails(mergeOrders(allLoadedOrders, live), details), [allLoadedOrders, live, details]);
  const productRows = useMemo(() => (products.data ? mergeProducts(products.data, live.stockById) : undefined), [products.data, live.stockById]);
  useEffect(() => {
    shownRows.current = productRows;
  }, [productRows]);

  return {
    stats,
    orders,
    products,
    stream,
    figures: stats.data ? liveFigures(stats.data, live.deltas) : undefined,
    // Live from the rows once they are loaded; the snapshot's figure until then.
    inventoryValueCents: productRows ? inventoryValue(productRows) : (stats.data?.inventoryValueCents ?? null),
    /** Money given back to buyers, live; null for staff. */
    refundedCents: stats.data ? liveRefunded(stats.data, details.refunds) : null,
    orderRows,
    productRows,
    alerts: live.alerts,
    rebasing: live.rebaseAfter !== null && stats.data !== undefined && live.rebaseAfter > Number(stats.data.cursor),
  };
}

/** The stream starts at the older of the two snapshots' cursors; the newer one bounds the replay. */
function snapshotCursors(statsCursor: string | undefined, ordersCursor: string | undefined): { low: number; high: number } | undefined {
  if (statsCursor === undefined || ordersCursor === undefined) return undefined;
  const [a, b] = [Number(statsCursor), Number(ordersCursor)];
  return { low: Math.min(a, b), high: Math.max(a, b) };
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
