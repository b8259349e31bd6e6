import { toCents } from '../../../utils/money.js';

/** Both typed, and the cost above the price: the loss per sale in cents; otherwise null. */
export function lossPerSale(price: number | string, cost: number | string): number | null {
  if (price === '' || cost === '') return null;
  const loss = toCents(cost) - toCents(price);
  return Number.isFinite(loss) && loss > 0 ? loss : null;
}
