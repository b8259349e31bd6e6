import { useMemo, useState } from 'react';
import type { StockMovement } from '../../../../shared/purchasing.js';
import { trpc } from '../../../app/trpc.js';
import { useLiveStream } from '../../../lib/live/useLiveStream.js';
import { matchesFilter, mergeMovements, type MovementFilter } from './movementsLive.js';

const PAGE = 50;

/**
 * The shop's ledger under one filter: the newest page and its event cursor, then every
 * stock_movement after that cursor that passes the filter, on top. A new filter is a new
 * snapshot: mount this afresh for it (the page keys it by the filter).
 */
export function useMovements(shopId: string, filter: MovementFilter) {
  const input = { shopId, limit: PAGE, ...(filter.productId ? { productId: filter.productId } : {}), ...(filter.kind ? { kind: filter.kind } : {}) };
  const pages = trpc.inventory.movements.useInfiniteQuery(input, { getNextPageParam: (page) => page.nextCursor ?? undefined, refetchOnWindowFocus: false });
  const [heard, setHeard] = useState<StockMovement[]>([]);
  const stream = useLiveStream(trpc.dashboard.onDashboardUpdate, {
    input: { shopId },
    cursor: pages.data?.pages[0]?.eventCursor,
    reloadSnapshot: async () => {
      setHeard([]);
      const fresh = await pages.refetch({ throwOnError: true });
      const cursor = fresh.data?.pages[0]?.eventCursor;
      if (cursor === undefined) throw new Error('The reloaded movements have no cursor');
      return cursor;
    },
    onEvent: (event) => {
      if (event.type === 'stock_movement' && matchesFilter(event.movement, filter)) setHeard((current) => [event.movement, ...current]);
    },
  });
  const loaded = useMemo(() => pages.data?.pages.flatMap((page) => page.items) ?? [], [pages.data]);
  const rows = useMemo(() => mergeMovements(heard, loaded), [heard, loaded]);
  const heardIds = useMemo(() => new Set(heard.map((m) => m.id)), [heard]);
  return { pages, stream, rows, heardIds };
}
