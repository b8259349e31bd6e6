/** Money is integer cents everywhere; only this function turns it into text. */
export function formatMoney(cents: number, currency = 'USD', locale?: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100);
}
