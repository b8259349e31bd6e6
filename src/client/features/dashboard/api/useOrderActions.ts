import { trpc } from '../../../app/trpc.js';
import { notifyError } from '../../../components/notifyError.js';

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
