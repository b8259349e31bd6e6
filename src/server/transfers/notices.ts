import type { Transfer } from '../../shared/transfers.js';
import type { NewNotification } from '../notifications/notify.js';

const transfersPage = (shopId: string) => `/dashboard/${shopId}/transfers`;

/** The receiving shop's team: something is on its way for them to take in. */
export function transferSentNotice(transfer: Transfer): Omit<NewNotification, 'userId'> {
  return {
    kind: 'transfer',
    title: `Stock on its way: ${transfer.quantity}× ${transfer.productName}`,
    body: `${transfer.sentByName} sent ${transfer.quantity}× ${transfer.productName} (SKU ${transfer.sku}) to ${transfer.toShopName} from ${transfer.fromShopName}; receive it when it arrives.`,
    link: transfersPage(transfer.toShopId),
  };
}

/** The sender: what they sent has arrived. */
export function transferReceivedNotice(transfer: Transfer): NewNotification {
  return {
    userId: transfer.sentBy,
    kind: 'transfer',
    title: `Transfer received: ${transfer.quantity}× ${transfer.productName}`,
    body: `${transfer.toShopName} has it: ${transfer.receivedByName ?? 'its team'} received the ${transfer.quantity}× ${transfer.productName} you sent.`,
    link: transfersPage(transfer.fromShopId),
  };
}
