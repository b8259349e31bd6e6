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

api.order.onOrderStatus.subscribe({ orderId: order.id, lastEventId: '0' }, {
  onData: ({ data }) => {
    console.log(`${data.at.toLocaleTimeString()}  ${data.previousStatus ?? 'placed'} -> ${data.status}`);
    if (data.status === 'delivered' || data.status === 'cancelled') void close();
  },
  onError: (error) => (console.error(error.message), void close()),
});
