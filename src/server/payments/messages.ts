import { formatMoney } from '../../shared/money.js';
import { orderNumber } from '../../shared/orderNumber.js';
import type { PaymentEventType } from '../../shared/payments.js';
import type { NewNotification } from '../notifications/notify.js';

const MY_ORDERS = '/orders';
const usd = (cents: number) => formatMoney(cents, 'USD', 'en-US');

/** The buyer's notice of a payment step on their order. */
export function buyerPaymentNotice(input: {
  buyerId: string;
  orderId: string;
  shopName: string;
  type: PaymentEventType;
  amountCents: number;
  declineReason: string | null;
  refundReason: string | null;
}): NewNotification {
  const number = orderNumber(input.orderId);
  const base = { userId: input.buyerId, kind: 'payment' as const, link: MY_ORDERS };
  switch (input.type) {
    case 'payment_received':
      return { ...base, title: `Payment received for order ${number}`, body: `Thank you: ${input.shopName} received ${usd(input.amountCents)} for your order ${number}.` };
    case 'payment_failed':
      return {
        ...base,
        title: `Payment declined for order ${number}`,
        body: `${input.declineReason ?? 'Your payment was declined.'} Your order ${number} from ${input.shopName} is not paid yet: pay with another card from My orders.`,
      };
    case 'payment_refunded':
      return {
        ...base,
        title: `Refund for order ${number}`,
        body: `${usd(input.amountCents)} of your order ${number} from ${input.shopName} was refunded${input.refundReason ? ` (${input.refundReason})` : ''}.`,
      };
  }
}

/** What a shop's other owners and managers are told of a refund (money: staff are not told). */
export function memberRefundNotice(input: { shopId: string; shopName: string; orderId: string; amountCents: number; reason: string | null }): Omit<NewNotification, 'userId'> {
  const number = orderNumber(input.orderId);
  return {
    kind: 'payment',
    title: `Refunded ${usd(input.amountCents)} on order ${number}`,
    body: `${usd(input.amountCents)} of order ${number} at ${input.shopName} went back to the buyer${input.reason ? `: ${input.reason}` : ''}.`,
    link: `/dashboard/${input.shopId}/orders/${input.orderId}`,
  };
}
