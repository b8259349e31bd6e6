import { skipToken } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useLiveView } from '../../../app/connectionHooks.js';
import { useEndSessionOnUnauthorized } from '../../../app/sessionHooks.js';
import { trpc } from '../../../app/trpc.js';
import { useResubscribe } from '../../../app/useResubscribe.js';
import { hasUnknownProduct, initialStockState, liveProducts, stockReducer } from './liveStock.js';

export function useShops() {
  return trpc.shop.list.useQuery();
}

export type StockStreamState = 'loading' | 'connecting' | 'live' | 'reconnecting';

/**
 * The shop's products with live stock: a snapshot, then the public stock stream from its
 * cursor, so nothing between "load" and "listen" is lost; event ids make every replayed
 * event count once. A sold-out product turns unorderable as soon as the event arrives.
 */
export function useLiveProducts(shopId: string) {
  const snapshot = trpc.product.snapshot.useQuery({ shopId });
  const [live, dispatch] = useReducer(stockReducer, undefined, initialStockState);
  const startFrom = useStartCursor(snapshot.data?.cursor);

  useLiveView(startFrom.current !== null);
  const endSessionOnUnauthorized = useEndSessionOnUnauthorized();
  const lastSeen = useRef(0);
  const subscription = trpc.product.onStockChange.useSubscription(
    startFrom.current === null ? skipToken : { shopId, lastEventId: startFrom.current },
    {
      onData: ({ id, data }) => {
        const eventId = Number(id);
        if (eventId <= lastSeen.current) return;
        lastSeen.current = eventId;
        // A name or price changed: only a new snapshot has them (its cursor covers this event).
        if (data.type === 'product_changed') return void snapshot.refetch();
        dispatch({ id: eventId, updates: data.updates });
        // A product the seller added after the page loaded: a new snapshot brings its name and price.
        if (hasUnknownProduct(data.updates, snapshot.data?.products)) void snapshot.refetch();
      },
      onStarted: () => startFrom.resetAttempts(),
      onError: (error) => {
        endSessionOnUnauthorized(error);
        startFrom.resumeFrom(String(lastSeen.current || startFrom.initial));
      },
    },
  );
  useResubscribe(subscription, startFrom.attempts);

  const products = useMemo(() => (snapshot.data ? liveProducts(snapshot.data, live.stockById) : undefined), [snapshot.data, live.stockById]);
  const stream: StockStreamState =
    subscription.status === 'pending'
      ? 'live'
      : subscription.status === 'error' || (subscription.status === 'connecting' && subscription.error !== null)
        ? 'reconnecting'
        : subscription.status === 'connecting'
          ? 'connecting'
          : 'loading';

  return { products: { data: products, error: snapshot.error, isPending: snapshot.isPending, refetch: snapshot.refetch }, stream };
}

/** The cursor the subscription starts from: the first snapshot's, moved only to resume after an error. */
function useStartCursor(snapshotCursor: string | undefined) {
  const [state, setState] = useState<{ initial: string | null; current: string | null; attempts: number }>({ initial: null, current: null, attempts: 0 });
  useEffect(() => {
    if (state.initial !== null || snapshotCursor === undefined) return;
    setState((s) => ({ ...s, initial: snapshotCursor, current: snapshotCursor }));
  }, [state.initial, snapshotCursor]);
  const resumeFrom = useCallback((id: string | null) => setState((s) => ({ ...s, current: id, attempts: s.attempts + 1 })), []);
  const resetAttempts = useCallback(() => setState((s) => (s.attempts === 0 ? s : { ...s, attempts: 0 })), []);
  return { ...state, resumeFrom, resetAttempts };
}
