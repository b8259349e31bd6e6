import { formatMoney } from '../../shared/money.js';

/** Prices are typed in currency units and sent as integer cents. */
export function toCents(value: number | string): number {
  return Math.round(Number(value) * 100);
}

/** The browser's locale, one currency: every amount in the app goes through here. */
export function money(cents: number): string {
  return formatMoney(cents, 'USD', navigator.language);
}
