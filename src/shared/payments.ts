import { z } from 'zod';
import { textField } from './text.js';
import { COUNTRY_CODES } from './countries.js';

/** CONTRACT "Payments, customers, shipping": where an order's money stands. */
export const PAYMENT_STATUSES = ['unpaid', 'paid', 'failed', 'refunded', 'partially_refunded'] as const;
export const paymentStatusSchema = z.enum(PAYMENT_STATUSES);
export type PaymentStatus = z.infer<typeof paymentStatusSchema>;

export const orderPaymentSchema = z.object({
  status: paymentStatusSchema,
  /** Null for staff, like every money figure beyond prices. */
  paidCents: z.number().int().nullable(),
  refundedCents: z.number().int().nullable(),
  /** Why the last attempt failed, as the provider put it; null unless the status is `failed`. */
  declineReason: z.string().nullable(),
});
export type OrderPayment = z.infer<typeof orderPaymentSchema>;

export const customerSchema = z.object({ name: z.string(), email: z.string() });
export type Customer = z.infer<typeof customerSchema>;

export const addressSchema = z.object({
  name: z.string(),
  line1: z.string(),
  line2: z.string().optional(),
  city: z.string(),
  postalCode: z.string(),
  /** ISO 3166-1 alpha-2, upper case. */
  country: z.string(),
});
export type Address = z.infer<typeof addressSchema>;

/** An address as the lines a label prints (empty ones left out): joined by newlines on screen, by commas in a CSV cell. */
export function addressLines(address: Address): string[] {
  return [address.name, address.line1, address.line2, `${address.postalCode} ${address.city}`, address.country].filter((part): part is string => part !== undefined && part.trim() !== '');
}

const countryCodes: ReadonlySet<string> = new Set(COUNTRY_CODES);

/** An address as a person types it: trimmed, an empty second line left out, the country as an ISO 3166-1 alpha-2 code. */
export const addressInputSchema = z.object({
  name: textField(100),
  line1: textField(200),
  line2: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((line) => (line === '' ? undefined : line))
    .pipe(textField(200).optional()),
  city: textField(100),
  postalCode: textField(20),
  country: z
    .string()
    .trim()
    .transform((code) => code.toUpperCase())
    .refine((code) => countryCodes.has(code), { message: 'country must be an ISO 3166-1 alpha-2 code, e.g. US, DE or JP' }),
});

export const PAYMENT_EVENT_TYPES = ['payment_received', 'payment_failed', 'payment_refunded'] as const;
export type PaymentEventType = (typeof PAYMENT_EVENT_TYPES)[number];

/** The built-in `test` provider's cards (Stripe's test payment method names). */
export const TEST_CARDS = {
  visa: 'pm_card_visa',
  declined: 'pm_card_declined',
} as const;

/** A payment method as callers send it: a provider's token, never card numbers. */
export const paymentMethodSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/, 'paymentMethod must be a payment method id from the provider, e.g. pm_card_visa');

/** Money still refundable on an order (paid minus refunded); null when the caller sees no money. */
export function refundableCents(payment: OrderPayment): number | null {
  if (payment.paidCents === null || payment.refundedCents === null) return null;
  return payment.paidCents - payment.refundedCents;
}
