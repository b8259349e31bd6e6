import type { Order } from '../../../../shared/domain.js';

export interface RevenuePoint {
  hour: string;
  revenueCents: number;
}

export function startOfDay(now: Date): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate());
}

/** Running revenue for each hour of today up to the current one; cancelled orders earn nothing. */
export function revenueSeries(orders: readonly Order[], now: Date): RevenuePoint[] {
  const start = startOfDay(now).getTime();
  const perHour = new Array<number>(now.getHours() + 1).fill(0);
  for (const order of orders) {
    const at = order.createdAt.getTime();
    if (order.status === 'cancelled' || at < start || at > now.getTime()) continue;
    const hour = order.createdAt.getHours();
    perHour[hour] = (perHour[hour] ?? 0) + order.totalCents;
  }
  let running = 0;
  return perHour.map((cents, hour) => {
    running += cents;
    return { hour: `${String(hour).padStart(2, '0')}:00`, revenueCents: running };
  });
}
