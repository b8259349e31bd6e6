/**
 * The short number a buyer and a seller both see for an order, e.g. "#9E4F7854".
 * Ids are UUIDv7s, whose leading characters are the time and repeat for every order of the same
 * minute or so; the trailing ones are random, so they tell orders apart.
 */
export function orderNumber(orderId: string): string {
  return `#${orderId.replaceAll('-', '').slice(-8).toUpperCase()}`;
}
