import { z } from 'zod';

/** What a storefront hears while it visits a shop (presence.visit): the whole state each time. */
export const visitFiguresSchema = z.object({
  shopVisitors: z.number().int(),
  productViewers: z.number().int().nullable(),
  sellerOnline: z.boolean(),
});
export type VisitFigures = z.infer<typeof visitFiguresSchema>;

export const activityKindSchema = z.enum(['viewing_product', 'added_to_cart', 'checkout_started']);
export type ActivityKind = z.infer<typeof activityKindSchema>;
/** What a storefront may report; `viewing_product` comes from its visit itself. */
export const reportKindSchema = z.enum(['added_to_cart', 'checkout_started']);

const visitors = { visitors: z.number().int(), viewersByProduct: z.record(z.string(), z.number().int()) };

/** A seller's live view of their shop (presence.onShop): a snapshot first, then changes. */
export const liveViewEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('snapshot'),
    ...visitors,
    team: z.array(z.object({ userId: z.string(), name: z.string(), online: z.boolean() })),
  }),
  z.object({ type: z.literal('visitors'), ...visitors }),
  z.object({ type: z.literal('member_online'), userId: z.string() }),
  z.object({ type: z.literal('member_offline'), userId: z.string() }),
  z.object({ type: z.literal('activity'), kind: activityKindSchema, productId: z.string().nullable(), at: z.date() }),
]);
export type LiveViewEvent = z.infer<typeof liveViewEventSchema>;
