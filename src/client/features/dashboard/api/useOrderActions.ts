import { trpc } from '../../../app/trpc.js';
import { notifyError } from '../../../utils/notifyError.js';

/**
 * The table does not apply the answer itself: the order_status_changed event does,
 * so two sellers clicking at once can never leave a row showing the older status.
 */
export function useUpdateOrderStatus() {
  return trpc.order.updateStatus.useMutation({ onError: notifyError });
}

export function useAdjustStock() {
  return trpc.inventory.adjust.useMutation();
}

export function useUpdateProduct(shopId: string) {
  const utils = trpc.useUtils();
  // Price, cost and threshold reach this page only through the list (events carry the name alone).
  return trpc.product.update.useMutation({ onSuccess: () => void utils.product.list.invalidate({ shopId }) });
}

export function useCreateProduct(shopId: string) {
  const utils = trpc.useUtils();
  // The inventory_update event for a new product also triggers a refetch; this covers a paused stream.
  return trpc.product.create.useMutation({ onSuccess: () => void utils.product.list.invalidate({ shopId }) });
}

/** The product_archived / product_updated event reloads the list too; this covers a paused stream. */
export function useArchiveProduct(shopId: string) {
  const utils = trpc.useUtils();
  return trpc.product.archive.useMutation({ onSuccess: () => void utils.product.list.invalidate({ shopId }), onError: notifyError });
}

export function useRestoreProduct(shopId: string) {
  const utils = trpc.useUtils();
  return trpc.product.restore.useMutation({ onSuccess: () => void utils.product.list.invalidate({ shopId }), onError: notifyError });
}
