import { notifications } from '@mantine/notifications';
import { useCallback } from 'react';
import type { DashboardEvent } from '../../../../shared/events.js';
import { orderNumber } from '../../../../shared/orderNumber.js';
import { money } from '../../../utils/money.js';
import type { LowStockSeverity } from '../../../../shared/stockLevel.js';

/** One toast per new order, per payment received, per stock alert and per buyer's cancel; other events only update the tables. */
export function useShopToasts(): (event: DashboardEvent) => void {
  return useCallback((event: DashboardEvent) => {
    switch (event.type) {
      case 'new_order':
        notifications.show({
          color: 'green',
          title: 'New order',
          message: `${money(event.order.totalCents)} · ${event.order.items.map((i) => `${i.quantity}× ${i.productName}`).join(', ')}`,
        });
        return;
      case 'low_stock': {
        const critical = (event.severity as LowStockSeverity | undefined) === 'critical';
        notifications.show({ color: critical ? 'orange' : 'yellow', title: critical ? 'Critically low stock' : 'Low stock', message: `${event.productName}: ${event.stock} left` });
        return;
      }
      case 'out_of_stock':
        notifications.show({ color: 'red', title: 'Out of stock', message: `${event.productName} sold out` });
        return;
      case 'payment_received':
        // Staff hear that it was paid, not how much (amountCents is null for them).
        notifications.show({ color: 'green', title: 'Payment received', message: `Order ${orderNumber(event.orderId)}${event.amountCents === null ? ' is paid' : `: ${money(event.amountCents)}`}` });
        return;
      case 'order_status_changed':
        // The shop's own moves come from this dashboard or a teammate's; a buyer's cancel is news, and
        // its stock is back on sale. Events logged before `by` existed say nothing of who: no toast.
        if (event.status === 'cancelled' && event.by === 'buyer') {
          notifications.show({ color: 'orange', title: 'Order cancelled by the buyer', message: `Order ${orderNumber(event.orderId)} was cancelled by its buyer; its items are back in stock.` });
        }
        return;
      case 'payment_failed':
      case 'payment_refunded':
      case 'inventory_update':
      case 'stock_movement':
      case 'restocked':
      case 'purchase_order_created':
      case 'purchase_order_updated':
      case 'purchase_order_status_changed':
      case 'purchase_order_received':
      case 'transfer_status_changed':
      case 'booking_status_changed':
      case 'product_created':
      case 'product_updated':
      case 'price_changed':
      case 'product_archived':
        return;
    }
  }, []);
}
