import { useMemo, useReducer } from 'react';
import { trpc } from '../../../app/trpc.js';
import { useLiveStream } from '../../../lib/live/useLiveStream.js';
import type { LiveStatus } from '../../../lib/live/liveStatus.js';
import { hasUnknownProduct, initialStockState, liveProducts, stockReducer } from './liveStock.js';

export function useShops() {
  return trpc.shop.list.useQuery();
}

export type StockStreamState = LiveStatus;

/**
 * The shop's products with live stock: a snapshot, then the public stock stream from its
 * cursor, so nothing between "load" and "listen" is lost; event ids make every replayed
 * event count once. A sold-out product turns unorderable as soon as the event arrives.
 */
export function useLiveProducts(shopId: string) {
  const snapshot = trpc.product.snapshot.useQuery({ shopId });
  const [live, dispatch] = useReducer(stockReducer, undefined, initialStockState);

  const stream = useLiveStream(trpc.product.onStockChange, {
    input: { shopId },
    cursor: snapshot.data?.cursor,
    reloadSnapshot: async () => {
      dispatch('reset');
      const fresh = await snapshot.refetch({ throwOnError: true });
      if (!fresh.data) throw new Error('The reloaded storefront has no cursor');
      return fresh.data.cursor;
    },
    onEvent: (event, id) => {
      // A name or price changed: only a new snapshot has them (its cursor covers this event).
      if (event.type === 'product_changed') return void snapshot.refetch();
      dispatch({ id, updates: event.updates });
      // A product the seller added after the page loaded: a new snapshot brings its name and price.
      if (hasUnknownProduct(event.updates, snapshot.data?.products)) void snapshot.refetch();
    },
  });

  // The shop's own members get archived products in the list too (for their inventory); the storefront sells none of them.
  const products = useMemo(
    () => (snapshot.data ? liveProducts(snapshot.data, live.stockById).filter((product) => product.archivedAt === null) : undefined),
    [snapshot.data, live.stockById],
  );
  return { products: { data: products, error: snapshot.error, isPending: snapshot.isPending, refetch: snapshot.refetch }, stream: stream.status };
}
