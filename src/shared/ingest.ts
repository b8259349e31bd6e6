import { z } from 'zod';

/**
 * What other services may tell Shopwire over RabbitMQ (README "Events from other services").
 * A message's type is its routing key, its id the AMQP `message_id` property, and its body the
 * JSON object below. Fields beyond these are ignored, so a publisher may send more.
 */
const id = z.string().min(1).max(100);
/** Who sent it, e.g. the warehouse's name: it is shown in what the message changes ("Counted by warehouse North"). */
const source = z.string().trim().min(1).max(100);
/** An ISO 8601 time with its offset, e.g. `2026-12-01T09:30:00Z`. */
const time = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 time with its offset, like 2026-12-01T09:30:00Z' })
  .transform((text) => new Date(text));

/**
 * A warehouse counted a product. `quantity` is what it can sell at `countedAt`: on hand, less
 * what is set aside for orders it has not shipped yet. The product is named by `sku` or by
 * `productId`, exactly one of them.
 */
export const inventoryCountedSchema = z
  .object({
    shopId: id,
    sku: z.string().min(1).max(64).optional(),
    productId: id.optional(),
    quantity: z.number().int().min(0, 'a count cannot be negative').max(1_000_000_000),
    countedAt: time,
    source,
  })
  .refine((m) => (m.sku === undefined) !== (m.productId === undefined), { message: 'name the product by exactly one of sku or productId', path: ['sku'] });

/** A warehouse shipped or delivered an order. */
export const orderStatusReportSchema = z.object({
  shopId: id,
  orderId: id,
  status: z.enum(['shipped', 'delivered']),
  source,
});

/** A payment processor settled an order's payment. */
export const paymentSettledSchema = z.object({
  shopId: id,
  orderId: id,
  amountCents: z.number().int().min(1),
  /** The processor's id of the charge. */
  providerRef: z.string().min(1).max(200),
  settledAt: time,
  source,
});

/** A payment processor declined or failed an order's payment. */
export const paymentFailedSchema = z.object({
  shopId: id,
  orderId: id,
  providerRef: z.string().min(1).max(200).nullable().default(null),
  /** In words a buyer can read, e.g. "Your card was declined." */
  declineReason: z.string().trim().min(1).max(500),
  failedAt: time,
  source,
});

export const INGEST_MESSAGES = {
  'inventory.counted': inventoryCountedSchema,
  'order.status': orderStatusReportSchema,
  'payment.settled': paymentSettledSchema,
  'payment.failed': paymentFailedSchema,
} as const;

export type IngestType = keyof typeof INGEST_MESSAGES;
export type IngestMessage<T extends IngestType> = z.output<(typeof INGEST_MESSAGES)[T]>;
/** A message's body as a publisher writes it (times as ISO strings). */
export type IngestMessageInput<T extends IngestType> = z.input<(typeof INGEST_MESSAGES)[T]>;

export const INGEST_TYPES = Object.keys(INGEST_MESSAGES) as IngestType[];

export function isIngestType(type: string): type is IngestType {
  return Object.hasOwn(INGEST_MESSAGES, type);
}
