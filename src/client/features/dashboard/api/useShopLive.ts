import { skipToken } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { DashboardEvent } from '../../../../shared/events.js';
import { useLiveView } from '../../../app/connectionHooks.js';
import { useEndSessionOnUnauthorized } from '../../../app/sessionHooks.js';
import { trpc } from '../../../app/trpc.js';
import { useResubscribe } from '../../../app/useResubscribe.js';
import { initialLiveState, liveFigures, liveReducer } from './liveState.js';
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
  const firstOrdersCursor = orders.data?.pages[0]?.eventCursor;
  const startFrom = useStartCursor(stats.data?.cursor, firstOrdersCursor);
  // Read after the cursors, so replaying from them brings stock up to date rather than back in time.
  const products = trpc.product.list.useQuery({ shopId }, { enabled: startFrom.initial !== null });

  const allLoadedOrders = useMemo(() => orders.data?.pages.flatMap((page) => page.items) ?? [], [orders.data]);
  useEffect(() => dispatch({ type: 'ordersLoaded', orders: allLoadedOrders }), [allLoadedOrders]);

  useLiveView(startFrom.current !== null);
  const endSessionOnUnauthorized = useEndSessionOnUnauthorized();
  const lastSeen = useRef(0);
  const subscription = trpc.dashboard.onDashboardUpdate.useSubscription(
    startFrom.current === null ? skipToken : { shopId, lastEventId: startFrom.current },
    {
      onData: ({ id, data }) => {
        const eventId = Number(id);
        if (eventId <= lastSeen.current) return;
        lastSeen.current = eventId;
        dispatch({ type: 'event', id: eventId, event: data, receivedAt: new Date() });
        if (data.type === 'inventory_update' && hasNewDetails(data.updates, products.data)) void products.refetch();
        // Events from before the snapshots were already on screen when the page loaded: no toast for those.
        if (eventId > Number(startFrom.toastAfter)) onFreshEvent(data);
      },
      onStarted: () => startFrom.resetAttempts(),
      onError: (error) => {
        endSessionOnUnauthorized(error);
        startFrom.resumeFrom(String(lastSeen.current || startFrom.initial));
      },
    },
  );
  useResubscribe(subscription, startFrom.attempts);

  useRebase(live.rebaseAfter, stats.data?.cursor, stats.isFetching, stats.refetch);

  const orderRows = useMemo(() => mergeOrders(allLoadedOrders, live), [allLoadedOrders, live]);
  const productRows = useMemo(() => (products.data ? mergeProducts(products.data, live.stockById) : undefined), [products.data, live.stockById]);

  return {
    stats,
    orders,
    products,
    subscription,
    figures: stats.data ? liveFigures(stats.data, live.deltas) : undefined,
    orderRows,
    productRows,
    alerts: live.alerts,
    rebasing: live.rebaseAfter !== null && stats.data !== undefined && live.rebaseAfter > Number(stats.data.cursor),
  };
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

/** The cursor the subscription starts from: fixed once both snapshots are in, moved only to resume after an error. */
function useStartCursor(statsCursor: string | undefined, ordersCursor: string | undefined) {
  const [state, setState] = useState<{ initial: string | null; current: string | null; toastAfter: string; attempts: number }>({
    initial: null,
    current: null,
    toastAfter: '0',
    attempts: 0,
  });
  useEffect(() => {
    if (state.initial !== null || statsCursor === undefined || ordersCursor === undefined) return;
    const [low, high] = Number(statsCursor) <= Number(ordersCursor) ? [statsCursor, ordersCursor] : [ordersCursor, statsCursor];
    setState((s) => ({ ...s, initial: low, current: low, toastAfter: high }));
  }, [state.initial, statsCursor, ordersCursor]);
  const resumeFrom = useCallback((id: string | null) => setState((s) => ({ ...s, current: id, attempts: s.attempts + 1 })), []);
  const resetAttempts = useCallback(() => setState((s) => (s.attempts === 0 ? s : { ...s, attempts: 0 })), []);
  return { ...state, resumeFrom, resetAttempts };
}
