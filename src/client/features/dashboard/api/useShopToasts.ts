import { notifications } from '@mantine/notifications';
import { useCallback } from 'react';
import type { DashboardEvent } from '../../../../shared/events.js';
import { money } from '../../../utils/money.js';
import type { LowStockSeverity } from '../../../../shared/stockLevel.js';

/** One toast per new order and per stock alert; other events only update the tables. */
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
      case 'order_status_changed':
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
