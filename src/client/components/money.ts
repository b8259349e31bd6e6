import { formatMoney } from '../../shared/money.js';

/** The browser's locale, one currency: every amount in the app goes through here. */
export function money(cents: number): string {
  return formatMoney(cents, 'USD', navigator.language);
}
