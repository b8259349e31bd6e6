import type { DashboardEvent } from '../../../../shared/events.js';
import type { PurchaseOrderStatus } from '../../../../shared/purchasing.js';
import { trpc } from '../../../app/trpc.js';
import { useLiveStream, type LiveStreamView } from '../../../lib/live/useLiveStream.js';

const PURCHASING_EVENTS: ReadonlySet<DashboardEvent['type']> = new Set([
  'purchase_order_created',
  'purchase_order_updated',
  'purchase_order_status_changed',
  'purchase_order_received',
]);

/**
 * Keeps the shop's purchase-order screens current: the dashboard's cursor is read first, the
 * purchase orders after it (`ready`), and every purchase-order event after the cursor reads them
 * again. An event the first read already had only costs a second read, never a stale screen.
 */
export function usePurchasingLive(shopId: string): { ready: boolean; stream: LiveStreamView } {
  const utils = trpc.useUtils();
  const cursor = trpc.dashboard.stats.useQuery({ shopId }, { refetchOnWindowFocus: false, staleTime: Infinity });
  const stream = useLiveStream(trpc.dashboard.onDashboardUpdate, {
    input: { shopId },
    cursor: cursor.data?.cursor,
    reloadSnapshot: async () => {
      const fresh = await cursor.refetch({ throwOnError: true });
      await utils.purchaseOrder.invalidate();
      if (!fresh.data) throw new Error('The reloaded dashboard has no cursor');
      return fresh.data.cursor;
    },
    onEvent: (event) => {
      if (PURCHASING_EVENTS.has(event.type)) void utils.purchaseOrder.invalidate();
      // Receipts move stock: a screen showing "in stock" reads it again.
      if (event.type === 'inventory_update') void utils.product.list.invalidate({ shopId });
    },
  });
  return { ready: cursor.data !== undefined, stream };
}

export function usePurchaseOrders(shopId: string, status: PurchaseOrderStatus | undefined, ready: boolean) {
  return trpc.purchaseOrder.list.useQuery({ shopId, status }, { enabled: ready });
}

export function usePurchaseOrder(purchaseOrderId: string, ready: boolean) {
  return trpc.purchaseOrder.get.useQuery({ purchaseOrderId }, { enabled: ready });
}

export function useSuppliers(shopId: string) {
  return trpc.supplier.list.useQuery({ shopId });
}

export function useProducts(shopId: string) {
  return trpc.product.list.useQuery({ shopId });
}

/** Every change answers the purchase order as it is now; the list and the detail read it again. */
function useInvalidatePurchaseOrders() {
  const utils = trpc.useUtils();
  return () => void utils.purchaseOrder.invalidate();
}

export function useCreatePurchaseOrder() {
  return trpc.purchaseOrder.create.useMutation({ onSuccess: useInvalidatePurchaseOrders() });
}

export function useUpdatePurchaseOrder() {
  return trpc.purchaseOrder.update.useMutation({ onSuccess: useInvalidatePurchaseOrders() });
}

export function useSetPurchaseOrderStatus() {
  return trpc.purchaseOrder.setStatus.useMutation({ onSuccess: useInvalidatePurchaseOrders() });
}

export function useReceivePurchaseOrder(shopId: string) {
  const utils = trpc.useUtils();
  const invalidate = useInvalidatePurchaseOrders();
  return trpc.purchaseOrder.receive.useMutation({
    onSuccess: () => {
      invalidate();
      void utils.product.list.invalidate({ shopId });
    },
  });
}

export function useCreateSupplier(shopId: string) {
  const utils = trpc.useUtils();
  return trpc.supplier.create.useMutation({ onSuccess: () => void utils.supplier.list.invalidate({ shopId }) });
}
