import WebSocket from 'ws';
import { createShopwireClient } from '../src/client/sdk/createShopwireClient.js';
import { formatMoney } from '../src/shared/money.js';

let token = '';
const { api, close } = createShopwireClient({ url: process.env['SHOPWIRE_URL'] ?? 'http://127.0.0.1:3000', token: () => token, WebSocket });

token = (await api.auth.login.mutate({ email: 'buyer@shopwire.test', password: 'demo-buyer-pass' })).token;
const [shop] = await api.shop.list.query();
const product = (await api.product.list.query({ shopId: shop?.id ?? '' })).find((p) => p.stock > 0);
if (!shop || !product) throw new Error('nothing to buy');
const order = await api.order.place.mutate({ shopId: shop.id, items: [{ productId: product.id, quantity: 1 }], idempotencyKey: crypto.randomUUID() });
console.log(`Order ${order.id}: ${product.name}, ${formatMoney(order.totalCents)}`);
// The built-in test provider's card that always pays; an unpaid order is released after UNPAID_ORDER_MINUTES.
await api.order.pay.mutate({ orderId: order.id, paymentMethod: 'pm_card_visa', idempotencyKey: crypto.randomUUID() });

api.order.onOrderStatus.subscribe({ orderId: order.id, lastEventId: '0' }, {
  onData: ({ data }) => {
    const time = data.at.toLocaleTimeString();
    // The order's stream carries its payment steps too (they have a `type`; status moves do not).
    if ('type' in data) return console.log(`${time}  ${data.type.replace('_', ' ')} ${formatMoney(data.amountCents ?? 0)}`);
    console.log(`${time}  ${data.previousStatus ?? 'placed'} -> ${data.status}${data.trackingNumber ? ` (tracking ${data.trackingNumber})` : ''}`);
    if (data.status === 'delivered' || data.status === 'cancelled') void close();
  },
  onError: (error) => (console.error(error.message), void close()),
});
