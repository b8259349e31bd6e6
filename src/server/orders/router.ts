import { z } from 'zod';
import { textField, wellFormedText } from '../../shared/text.js';
import { orderStatusSchema } from '../../shared/orderStatus.js';
import { orderFiltersSchema } from '../../shared/orderFilters.js';
import { addressInputSchema, paymentMethodSchema } from '../../shared/payments.js';
import { lastEventIdSchema, topicKinds } from '../live/topics.js';
import { eventIdField, withEventId } from '../events/transact.js';
import { authedProcedure, buyerProcedure, router, sellerProcedure } from '../trpc.js';
import { cancelOwnOrder, getOrder, listBuyerOrders, listShopOrders, placeOrder, updateOrderStatus } from './service.js';
import { payOrder } from '../payments/pay.js';
import { refundOrder } from '../payments/refund.js';

const id = z.string().min(1).max(100);
const page = { cursor: z.string().max(500).nullish(), limit: z.number().int().min(1).max(100).default(20) };

const placeInput = z.object({
  shopId: id,
  items: z
    .array(z.object({ productId: id, quantity: z.number().int().min(1).max(10_000) }))
    .min(1)
    .max(100)
    .refine((items) => new Set(items.map((i) => i.productId)).size === items.length, 'Each product may appear once per order'),
  idempotencyKey: wellFormedText().min(1).max(200).optional(),
  shippingAddress: addressInputSchema.optional(),
  ...eventIdField,
});

const payInput = z.object({ orderId: id, paymentMethod: paymentMethodSchema, idempotencyKey: wellFormedText().min(1).max(200), ...eventIdField });
// Integer cents, at least one; more than the order has left to refund is refused by the service, in words.
const refundInput = z.object({ orderId: id, amountCents: z.number().int().min(1).max(1_000_000_000).optional(), reason: textField(500), ...eventIdField });

export const orderRouter = router({
  place: buyerProcedure.input(placeInput).mutation(({ ctx, input }) => withEventId(ctx.deps, input.withEventId, (deps) => placeOrder(deps, ctx.user.userId, input))),
  get: authedProcedure.input(z.object({ orderId: id })).query(({ ctx, input }) => getOrder(ctx.deps.db, ctx.user, input.orderId)),
  /** A shop's orders, newest first, filtered (status, payment status, search, period) on the server. */
  list: sellerProcedure
    .input(z.object({ shopId: id, ...page }).and(orderFiltersSchema))
    .query(({ ctx, input }) => listShopOrders(ctx.deps.db, ctx.user, input)),
  /** The signed-in buyer's own orders, newest first. */
  listMine: buyerProcedure.input(z.object(page)).query(({ ctx, input }) => listBuyerOrders(ctx.deps.db, ctx.user.userId, input)),
  updateStatus: sellerProcedure
    .input(z.object({ orderId: id, status: orderStatusSchema, trackingNumber: textField(100).optional(), ...eventIdField }))
    .mutation(({ ctx, input }) => withEventId(ctx.deps, input.withEventId, (deps) => updateOrderStatus(deps, ctx.user, input))),
  /** The buyer takes back their own order while it is still pending (stock goes back, as for a seller's cancel). */
  cancelMine: buyerProcedure.input(z.object({ orderId: id, ...eventIdField })).mutation(({ ctx, input }) => withEventId(ctx.deps, input.withEventId, (deps) => cancelOwnOrder(deps, ctx.user, input.orderId))),
  /** Charges the buyer's order (provider `test`: pm_card_visa pays, pm_card_declined is declined); a declined card answers the order with `payment.status: 'failed'`. */
  pay: buyerProcedure.input(payInput).mutation(({ ctx, input }) => withEventId(ctx.deps, input.withEventId, (deps) => payOrder(deps, ctx.user, input))),
  /** Gives money back (owners and managers): all that is left by default, or `amountCents` of it. */
  refund: sellerProcedure.input(refundInput).mutation(({ ctx, input }) => withEventId(ctx.deps, input.withEventId, (deps) => refundOrder(deps, ctx.user, input))),
  onOrderStatus: authedProcedure
    .input(z.object({ orderId: id, lastEventId: lastEventIdSchema }))
    .subscription(({ ctx, input }) => ctx.deps.live.follow(ctx.user, topicKinds.order, input.orderId, input.lastEventId)),
  /** Every status move of every order of the signed-in buyer, so "My orders" stays current without opening each. */
  onMyOrders: buyerProcedure
    .input(z.object({ lastEventId: lastEventIdSchema }).optional())
    .subscription(({ ctx, input }) => ctx.deps.live.follow(ctx.user, topicKinds.buyerOrders, ctx.user.userId, input?.lastEventId)),
});
