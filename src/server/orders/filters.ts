import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { searchTerm, type OrderFilters } from '../../shared/orderFilters.js';
import type { Database } from '../db/schema.js';

/**
 * The order number (src/shared/orderNumber.ts: the id's last 8 characters without dashes), lower
 * case, in SQL both engines speak. Written out exactly as migration 0015's index `orders_shop_number`
 * has it, with literals rather than parameters, or the planners would not match it to the index.
 */
export const ORDER_NUMBER_SQL = sql<string>`substr(replace(id, '-', ''), length(replace(id, '-', '')) - 7)`;

/** `%`, `_` and the escape itself are literal characters in a search, not LIKE's wildcards. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The hex string just above every string that starts with `prefix` ('9e4f' -> '9e50'), or null when
 * there is none ('ffff'). A prefix as a range keeps the number index usable on both engines, where
 * LIKE 'x%' would need a case-sensitive LIKE (SQLite) or a C collation (PostgreSQL).
 */
function nextHex(prefix: string): string | null {
  const value = BigInt(`0x${prefix}`) + 1n;
  const text = value.toString(16);
  return text.length > prefix.length ? null : text.padStart(prefix.length, '0');
}

/** The filters of `order.list` and the CSV export as one WHERE condition on `orders`. */
export function orderFilterCondition(eb: ExpressionBuilder<Database, 'orders'>, filters: OrderFilters): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [];
  if (filters.status !== undefined) conditions.push(eb('status', '=', filters.status));
  if (filters.paymentStatus !== undefined) conditions.push(eb('payment_status', '=', filters.paymentStatus));
  if (filters.from && filters.to) {
    conditions.push(eb('created_at', '>=', filters.from.getTime()), eb('created_at', '<', filters.to.getTime()));
  }
  const term = searchTerm(filters.search);
  if (term) {
    const either: Expression<SqlBool>[] = [];
    if (term.numberPrefix !== null) {
      const above = nextHex(term.numberPrefix);
      const range = [eb(ORDER_NUMBER_SQL, '>=', term.numberPrefix)];
      if (above !== null) range.push(eb(ORDER_NUMBER_SQL, '<', above));
      either.push(eb.and(range));
    }
    if (!term.numberOnly) {
      const pattern = containsPattern(term.text);
      // lower() on both sides' terms: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
      either.push(sql<SqlBool>`lower(customer_name) like ${pattern} escape '\\'`, sql<SqlBool>`lower(customer_email) like ${pattern} escape '\\'`);
    }
    conditions.push(eb.or(either));
  }
  return eb.and(conditions);
}
