import { trpc } from '../../../app/trpc.js';

export function useMyOrders() {
  return trpc.order.listMine.useInfiniteQuery({ limit: 20 }, { getNextPageParam: (page) => page.nextCursor ?? undefined });
}
