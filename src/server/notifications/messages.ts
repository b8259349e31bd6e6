import type { Order } from '../../shared/domain.js';
import { formatMoney } from '../../shared/money.js';
import { orderNumber } from '../../shared/orderNumber.js';
import type { OrderStatus } from '../../shared/orderStatus.js';
import type { StockAlert } from '../catalog/stock.js';
import type { NewNotification } from './notify.js';

type Notice = Omit<NewNotification, 'userId'>;

// Stored as text, so the words are fixed when the thing happens (a later rename does not rewrite history).
const MY_ORDERS = '/orders';
const dashboard = (shopId: string) => `/dashboard/${shopId}`;

const STATUS_WORDS: Record<Exclude<OrderStatus, 'pending'>, { word: string; was: string }> = {
  confirmed: { word: 'confirmed', was: 'was confirmed and is being prepared' },
  shipped: { word: 'shipped', was: 'was shipped' },
  delivered: { word: 'delivered', was: 'was delivered' },
  cancelled: { word: 'cancelled', was: 'was cancelled by the shop' },
};

/** The buyer's notice of a move the shop made: "Your order #9E4F7854 from Corner Coffee Co. was shipped." */
export function orderStatusNotice(input: { buyerId: string; orderId: string; shopName: string; status: OrderStatus }): NewNotification | null {
  if (input.status === 'pending') return null;
  const words = STATUS_WORDS[input.status];
  return {
    userId: input.buyerId,
    kind: 'order_status',
    title: `Order ${orderNumber(input.orderId)} ${words.word}`,
    body: `Your order ${orderNumber(input.orderId)} from ${input.shopName} ${words.was}.`,
    link: MY_ORDERS,
  };
}

export function newOrderNotice(shop: { name: string }, order: Order): Notice {
  const lines = order.items.map((item) => `${item.quantity}× ${item.productName}`).join(', ');
  return {
    kind: 'new_order',
    title: `New order ${orderNumber(order.id)}`,
    body: `${formatMoney(order.totalCents, 'USD', 'en-US')} at ${shop.name}: ${lines}.`,
    link: dashboard(order.shopId),
  };
}

export function stockAlertNotice(shop: { name: string }, shopId: string, alert: StockAlert): Notice {
  if (alert.type === 'out_of_stock') {
    return {
      kind: 'out_of_stock',
      title: `Sold out: ${alert.productName}`,
      body: `${alert.productName} at ${shop.name} is out of stock; buyers cannot order it until you restock.`,
      link: dashboard(shopId),
    };
  }
  return {
    kind: 'low_stock',
    // Older logged alerts have no severity; these are made fresh, so it is always there.
    title: `${alert.severity === 'critical' ? 'Critically low stock' : 'Low stock'}: ${alert.productName}`,
    body: `Only ${alert.stock} left of ${alert.productName} at ${shop.name} (you are alerted at ${alert.threshold}).`,
    link: dashboard(shopId),
  };
}

/** A buyer asked to hear when this product was back ("Notify me"). */
export function backInStockNotice(input: { buyerId: string; shopId: string; shopName: string; productName: string; stock: number }): NewNotification {
  return {
    userId: input.buyerId,
    kind: 'back_in_stock',
    title: `Back in stock: ${input.productName}`,
    body: `${input.productName} is back at ${input.shopName} (${input.stock} available).`,
    link: `/shops/${input.shopId}`,
  };
}
