import { notifications } from '@mantine/notifications';
import { orderNumber } from '../../../../shared/orderNumber.js';
import { trpc } from '../../../app/trpc.js';
import { notifyError } from '../../../utils/notifyError.js';

/**
 * The card's status comes from the order's stream, which carries the cancellation too; the toast
 * says the cancel went through even when the card is scrolled away or the stream is behind.
 */
export function useCancelOrder() {
  return trpc.order.cancelMine.useMutation({
    onError: notifyError,
    onSuccess: (order) => {
      const refunded = order.payment.paidCents !== null && order.payment.paidCents > 0;
      notifications.show({
        color: 'green',
        title: 'Order cancelled',
        message: `Order ${orderNumber(order.id)} is cancelled${refunded ? '; what you paid goes back to your card' : ''}. The shop has been told.`,
      });
    },
  });
}
