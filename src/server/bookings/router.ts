import { z } from 'zod';
import { SERVICE_MAX_MINUTES, SERVICE_MIN_MINUTES } from '../../shared/bookings.js';
import { textField } from '../../shared/text.js';
import { lastEventIdSchema, topicKinds } from '../live/topics.js';
import { authedProcedure, buyerProcedure, publicProcedure, router, sellerProcedure } from '../trpc.js';
import { createBooking, listMyBookings, listShopBookings, setBookingStatus } from './bookings.js';
import { createService, listServices, serviceSlots } from './services.js';

const id = z.string().min(1).max(100);
const durationMinutes = z
  .number()
  .int('durationMinutes must be a whole number of minutes')
  .min(SERVICE_MIN_MINUTES, `A service takes at least ${SERVICE_MIN_MINUTES} minutes`)
  .max(SERVICE_MAX_MINUTES, `A service takes at most ${SERVICE_MAX_MINUTES} minutes (one day)`)
  .multipleOf(5, 'durationMinutes must be a multiple of 5');
const priceCents = z.number().int('priceCents must be a whole number of cents').min(0, 'priceCents cannot be negative').max(100_000_000);
const span = { from: z.date(), to: z.date() };

export const serviceRouter = router({
  create: sellerProcedure
    .input(z.object({ shopId: id, name: textField(200), durationMinutes, priceCents }))
    .mutation(({ ctx, input }) => createService(ctx.deps, ctx.user, input)),
  list: publicProcedure.input(z.object({ shopId: id })).query(({ ctx, input }) => listServices(ctx.deps.db, input.shopId)),
  /** The service's slots starting in [from, to) that are still ahead (at most 7 days), each free or not. */
  slots: publicProcedure.input(z.object({ serviceId: id, ...span })).query(({ ctx, input }) => serviceSlots(ctx.deps.db, ctx.deps.clock, input)),
});

export const bookingRouter = router({
  create: buyerProcedure.input(z.object({ serviceId: id, startsAt: z.date() })).mutation(({ ctx, input }) => createBooking(ctx.deps, ctx.user.userId, input)),
  setStatus: authedProcedure
    .input(z.object({ bookingId: id, status: z.enum(['confirmed', 'completed', 'cancelled']) }))
    .mutation(({ ctx, input }) => setBookingStatus(ctx.deps, ctx.user, input)),
  /** The signed-in buyer's bookings, latest start first, with `eventCursor` for `onMyBookings`. */
  listMine: buyerProcedure.query(({ ctx }) => listMyBookings(ctx.deps.db, ctx.user.userId)),
  /** A shop's bookings starting in [from, to), for its members, with `eventCursor` for the shop's stream. */
  listForShop: sellerProcedure.input(z.object({ shopId: id, ...span })).query(({ ctx, input }) => listShopBookings(ctx.deps.db, ctx.user, input)),
  onBookingStatus: authedProcedure
    .input(z.object({ bookingId: id, lastEventId: lastEventIdSchema }))
    .subscription(({ ctx, input }) => ctx.deps.live.follow(ctx.user, topicKinds.booking, input.bookingId, input.lastEventId)),
  /** Every step of every booking of the signed-in buyer, for "My bookings". */
  onMyBookings: buyerProcedure
    .input(z.object({ lastEventId: lastEventIdSchema }).optional())
    .subscription(({ ctx, input }) => ctx.deps.live.follow(ctx.user, topicKinds.buyerBookings, ctx.user.userId, input?.lastEventId)),
});
