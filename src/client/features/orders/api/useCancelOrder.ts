import { trpc } from '../../../app/trpc.js';
import { notifyError } from '../../../utils/notifyError.js';

/** The card's status comes from the order's stream, which carries the cancellation too. */
export function useCancelOrder() {
  return trpc.order.cancelMine.useMutation({ onError: notifyError });
}
