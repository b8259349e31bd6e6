import { useMemo, useState } from 'react';
import type { Transfer } from '../../../../shared/transfers.js';
import { trpc } from '../../../app/trpc.js';
import { useLiveStream } from '../../../lib/live/useLiveStream.js';
import { mergeTransfers } from './transfersLive.js';

/** The shop's transfers in and out, live from the list's cursor: each transfer_status_changed replaces its row. */
export function useTransfers(shopId: string) {
  const list = trpc.inventory.transfers.useQuery({ shopId }, { refetchOnWindowFocus: false });
  const [heard, setHeard] = useState<ReadonlyMap<string, Transfer>>(new Map());
  const utils = trpc.useUtils();
  const stream = useLiveStream(trpc.dashboard.onDashboardUpdate, {
    input: { shopId },
    cursor: list.data?.eventCursor,
    reloadSnapshot: async () => {
      setHeard(new Map());
      const fresh = await list.refetch({ throwOnError: true });
      if (!fresh.data) throw new Error('The reloaded transfers have no cursor');
      return fresh.data.eventCursor;
    },
    onEvent: (event) => {
      if (event.type === 'transfer_status_changed') setHeard((current) => new Map(current).set(event.transfer.id, event.transfer));
      // The send form shows what is in stock here.
      if (event.type === 'inventory_update') void utils.product.list.invalidate({ shopId });
    },
  });
  const transfers = useMemo(() => (list.data ? mergeTransfers(list.data.items, heard) : undefined), [list.data, heard]);
  return { list, stream, transfers };
}

/** The answer is applied by the transfer_status_changed event, like every other view of it. */
export function useSendTransfer() {
  return trpc.inventory.transfer.useMutation();
}

export function useReceiveTransfer() {
  return trpc.inventory.receiveTransfer.useMutation();
}

export function useShopProducts(shopId: string) {
  return trpc.product.list.useQuery({ shopId });
}
