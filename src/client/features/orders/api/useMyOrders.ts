import { useMemo, useReducer } from 'react';
import { trpc } from '../../../app/trpc.js';
import { useLiveStream } from '../../../lib/live/useLiveStream.js';
import { emptyLiveOrders, isUnlistedOrder, liveOrdersReducer, myOrderRows, oldestCursor } from './myOrdersLive.js';

/** The buyer's orders, newest first, with every status move and payment step, live, from one stream for all of them. */
export function useMyOrders() {
  const orders = trpc.order.listMine.useInfiniteQuery({ limit: 20 }, { getNextPageParam: (page) => page.nextCursor ?? undefined });
  const [live, dispatch] = useReducer(liveOrdersReducer, undefined, emptyLiveOrders);
  const pages = orders.data?.pages;

  const stream = useLiveStream(trpc.order.onMyOrders, {
    input: {},
    cursor: pages ? oldestCursor(pages) : undefined,
    reloadSnapshot: async () => {
      dispatch('reset');
      const fresh = await orders.refetch({ throwOnError: true });
      const cursor = oldestCursor(fresh.data?.pages ?? []);
      if (cursor === undefined) throw new Error('The reloaded order list has no cursor');
      return cursor;
    },
    onEvent: (event, id) => {
      dispatch({ id, event });
      if (pages && isUnlistedOrder(event, pages)) void orders.refetch();
    },
  });

  const rows = useMemo(() => myOrderRows(pages ?? [], live), [pages, live]);
  return { orders, rows, stream };
}
