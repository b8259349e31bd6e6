import { z } from 'zod';
import type { Order } from './domain.js';
import { orderNumber } from './orderNumber.js';
import { orderStatusSchema } from './orderStatus.js';
import { paymentStatusSchema } from './payments.js';
import { periodInputSchema } from './periods.js';
import { wellFormedText } from './text.js';

/**
 * The seller's order filters (CONTRACT `order.list`), shared by the list, the CSV export and the
 * dashboard, which applies the same rules to orders that arrive live. `from`/`to` are a period as
 * `dashboard.stats` takes it: both or neither, [from, to), at most 366 days.
 */
export const orderFiltersSchema = z
  .object({
    status: orderStatusSchema.optional(),
    paymentStatus: paymentStatusSchema.optional(),
    // Blank is no search: a cleared search box sends what it holds.
    search: wellFormedText().trim().max(100, 'must be at most 100 characters').optional(),
  })
  .and(periodInputSchema);

export type OrderFilters = z.infer<typeof orderFiltersSchema>;

export interface SearchTerm {
  /** Lower case, for a case-insensitive "contains" on the customer's name and email. */
  text: string;
  /** The order number's leading hex digits (lower case) the text could be, without its `#`; null when it cannot be one. */
  numberPrefix: string | null;
  /** Typed with `#`: an order number and nothing else. */
  numberOnly: boolean;
}

/** How a search box's text is read; null when there is nothing to search for. */
export function searchTerm(search: string | undefined): SearchTerm | null {
  const text = search?.trim().toLowerCase() ?? '';
  if (text === '') return null;
  const numberOnly = text.startsWith('#');
  const digits = numberOnly ? text.slice(1) : text;
  return { text, numberPrefix: /^[0-9a-f]{1,8}$/.test(digits) ? digits : null, numberOnly };
}

/**
 * Whether an order passes the filters, as the server's SQL decides it (src/server/orders/filters.ts);
 * the dashboard uses it for orders it learns of live. One known difference: SQLite folds only
 * ASCII letters to lower case, so a non-ASCII capital in a name may match here and not there.
 */
export function orderMatches(order: Pick<Order, 'id' | 'status' | 'payment' | 'customer' | 'createdAt'>, filters: OrderFilters): boolean {
  if (filters.status !== undefined && order.status !== filters.status) return false;
  if (filters.paymentStatus !== undefined && order.payment.status !== filters.paymentStatus) return false;
  if (filters.from && filters.to && (order.createdAt < filters.from || order.createdAt >= filters.to)) return false;
  const term = searchTerm(filters.search);
  if (!term) return true;
  const number = orderNumber(order.id).slice(1).toLowerCase();
  if (term.numberPrefix !== null && number.startsWith(term.numberPrefix)) return true;
  if (term.numberOnly) return false;
  return order.customer.name.toLowerCase().includes(term.text) || order.customer.email.toLowerCase().includes(term.text);
}
