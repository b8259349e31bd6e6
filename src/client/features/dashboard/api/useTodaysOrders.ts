import { useEffect } from 'react';
import type { Order } from '../../../../shared/domain.js';
import { startOfDay } from './revenueSeries.js';

/** Past this many pages the chart shows what it has rather than pulling a huge day into the tab. */
const MAX_PAGES = 20;

interface PagedOrders {
  data?: { pages: unknown[] } | undefined;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/** The revenue chart needs all of today's orders, not just the first page the table opens with. */
export function useTodaysOrders(orders: PagedOrders, rows: readonly Order[]): void {
  const oldest = rows.at(-1)?.createdAt.getTime();
  const pages = orders.data?.pages.length ?? 0;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = orders;
  useEffect(() => {
    if (oldest === undefined || !hasNextPage || isFetchingNextPage || pages >= MAX_PAGES) return;
    if (oldest >= startOfDay(new Date()).getTime()) void fetchNextPage();
  }, [oldest, hasNextPage, isFetchingNextPage, pages, fetchNextPage]);
}
