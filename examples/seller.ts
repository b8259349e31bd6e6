import WebSocket from 'ws';
import { createShopwireClient } from '../src/client/sdk/createShopwireClient.js';
import { formatMoney } from '../src/shared/money.js';

// A fulfilment bot: prints what happens in the demo shop and confirms each new order. Ctrl-C stops it.
let token = '';
const { api, close } = createShopwireClient({ url: process.env['SHOPWIRE_URL'] ?? 'http://127.0.0.1:3000', token: () => token, WebSocket });

const login = await api.auth.login.mutate({ email: 'seller@shopwire.test', password: 'demo-seller-pass' });
token = login.token;
const shopId = login.user.shopIds[0] ?? '';
const stats = await api.dashboard.stats.query({ shopId });
console.log(`${stats.orderCount} orders, ${formatMoney(stats.revenueCents)} revenue, ${stats.lowStockCount} low on stock`);

// Starting from the figures' cursor: every event after them, none twice, across reconnects.
const updates = api.dashboard.onDashboardUpdate.subscribe({ shopId, lastEventId: stats.cursor }, {
  onStarted: () => console.log('watching'),
  onData: ({ data }) => {
    switch (data.type) {
      case 'new_order':
        console.log(`new order ${data.order.id}: ${formatMoney(data.order.totalCents)}`);
        void api.order.updateStatus.mutate({ orderId: data.order.id, status: 'confirmed' }).catch((error: Error) => console.error(error.message));
        break;
      case 'order_status_changed':
        console.log(`order ${data.orderId}: ${data.previousStatus} -> ${data.status}`);
        break;
      case 'low_stock':
        console.log(`low stock: ${data.productName}, ${data.stock} left`);
        break;
      case 'price_changed':
        console.log(`price of ${data.productId}: ${formatMoney(data.oldPriceCents)} -> ${formatMoney(data.newPriceCents)}`);
        break;
      case 'out_of_stock':
        console.log(`sold out: ${data.productName}`);
        break;
      case 'restocked':
        console.log(`back in stock: ${data.productName}, ${data.stock}`);
        break;
      case 'purchase_order_received':
        console.log(`goods received from ${data.purchaseOrder.supplierName}: ${data.received.map((r) => r.quantity).join(', ')}`);
        break;
      case 'transfer_status_changed':
        console.log(`transfer of ${data.transfer.quantity}× ${data.transfer.productName} ${data.transfer.fromShopName} -> ${data.transfer.toShopName}: ${data.transfer.status}`);
        break;
      case 'booking_status_changed':
        console.log(`booking ${data.bookingId} (${data.booking.serviceName}): ${data.previousStatus ?? 'new'} -> ${data.status}`);
        break;
      case 'inventory_update':
      case 'stock_movement':
      case 'purchase_order_created':
      case 'purchase_order_updated':
      case 'purchase_order_status_changed':
      case 'product_created':
      case 'product_updated':
      case 'product_archived':
        break;
    }
  },
  onError: (error) => console.error(error.message),
});

process.once('SIGINT', () => {
  updates.unsubscribe();
  void close();
});
