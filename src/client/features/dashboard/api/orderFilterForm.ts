import type { OrderFilters } from '../../../../shared/orderFilters.js';
import type { OrderStatus } from '../../../../shared/orderStatus.js';
import type { PaymentStatus } from '../../../../shared/payments.js';
import { addDays, customRangeProblem, parseDay } from './periods.js';

/** What the orders' filter bar holds: days as the date inputs give them (YYYY-MM-DD, the seller's own days). */
export interface OrderFilterForm {
  search: string;
  status: OrderStatus | null;
  paymentStatus: PaymentStatus | null;
  firstDay: string;
  lastDay: string;
}

export const EMPTY_ORDER_FILTERS: OrderFilterForm = { search: '', status: null, paymentStatus: null, firstDay: '', lastDay: '' };

/**
 * The filters `order.list` and the export get. Days become the instants of their local midnights,
 * the last day included, as the period switcher does. A half-filled or impossible range is left out
 * and said why, so the list goes on showing something true meanwhile.
 */
export function orderFiltersOf(form: OrderFilterForm): { filters: OrderFilters; rangeProblem: string | null } {
  const filters: OrderFilters = {};
  const search = form.search.trim();
  if (search !== '') filters.search = search.slice(0, 100);
  if (form.status) filters.status = form.status;
  if (form.paymentStatus) filters.paymentStatus = form.paymentStatus;
  if (form.firstDay === '' && form.lastDay === '') return { filters, rangeProblem: null };
  const rangeProblem = customRangeProblem(form.firstDay, form.lastDay);
  const first = parseDay(form.firstDay);
  const last = parseDay(form.lastDay);
  if (rangeProblem || !first || !last) return { filters, rangeProblem };
  return { filters: { ...filters, from: first, to: addDays(last, 1) }, rangeProblem: null };
}

export function hasOrderFilters(filters: OrderFilters): boolean {
  return Object.values(filters).some((value) => value !== undefined);
}

/** The export's query string: the same filters, as the HTTP endpoint reads them. */
export function exportQuery(shopId: string, filters: OrderFilters): string {
  const params = new URLSearchParams({ shopId });
  if (filters.status) params.set('status', filters.status);
  if (filters.paymentStatus) params.set('paymentStatus', filters.paymentStatus);
  if (filters.search) params.set('search', filters.search);
  if (filters.from && filters.to) {
    params.set('from', filters.from.toISOString());
    params.set('to', filters.to.toISOString());
  }
  return params.toString();
}
