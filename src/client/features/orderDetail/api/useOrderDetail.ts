import { useMemo, useReducer } from 'react';
import { trpc } from '../../../app/trpc.js';
import { useLiveStream } from '../../../lib/live/useLiveStream.js';
import { historyReducer, liveOrder } from './orderHistory.js';

/** One order for its shop's members: the snapshot, and its whole history (status and payment steps) from its stream, then live. */
export function useOrderDetail(orderId: string) {
  const order = trpc.order.get.useQuery({ orderId }, { refetchOnWindowFocus: false });
  const [history, dispatch] = useReducer(historyReducer, []);
  const stream = useLiveStream(trpc.order.onOrderStatus, {
    input: { orderId },
    // From the start: the history is the timeline; no snapshot cursor needed.
    cursor: '0',
    reloadSnapshot: async () => {
      dispatch('reset');
      await order.refetch({ throwOnError: true });
      return '0';
    },
    onEvent: (event, eventId) => dispatch({ eventId, event }),
  });
  const current = useMemo(() => (order.data ? liveOrder(order.data, history) : undefined), [order.data, history]);
  return { query: order, order: current, history, stream };
}

export function useMoveOrder() {
  return trpc.order.updateStatus.useMutation();
}

export function useRefund() {
  return trpc.order.refund.useMutation();
}
