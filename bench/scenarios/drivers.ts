import { seededRandom, type Buyer, type SellerShop } from '../clients.js';
import { placeOrder, type OrderLog } from '../harness.js';
import { nowMs, sleep } from '../proc.js';

/** Each buyer sends its next order as soon as the previous one is answered, until the deadline. */
export async function closedLoop(buyers: readonly Buyer[], shops: readonly SellerShop[], durationMs: number, log: OrderLog): Promise<number> {
  const start = nowMs();
  const deadline = start + durationMs;
  await Promise.all(
    buyers.map(async (buyer, b) => {
      const random = seededRandom(1000 + b);
      while (nowMs() < deadline) {
        const shop = shops[Math.floor(random() * shops.length)];
        if (!shop) throw new Error('no shops');
        await placeOrder(buyer, shop, random, log);
      }
    }),
  );
  return nowMs() - start;
}

export interface OpenLoopResult {
  elapsedMs: number;
  /** How late sends left against their schedule: large values mean the load process could not keep up. */
  maxSendLagMs: number;
  sent: number;
}

/**
 * Sends on a fixed schedule regardless of answers (open loop), round-robin over buyers,
 * so a slow server shows up as latency instead of a lower send rate.
 */
export async function openLoop(
  buyers: readonly Buyer[],
  shops: readonly SellerShop[],
  ratePerSec: number,
  durationMs: number,
  log: OrderLog,
): Promise<OpenLoopResult> {
  const total = Math.max(1, Math.round((ratePerSec * durationMs) / 1000));
  const intervalMs = 1000 / ratePerSec;
  const random = seededRandom(42);
  const inflight: Promise<void>[] = [];
  const start = nowMs();
  let maxSendLagMs = 0;
  let i = 0;
  while (i < total) {
    const wait = start + i * intervalMs - nowMs();
    if (wait > 0) await sleep(wait);
    const now = nowMs();
    while (i < total && start + i * intervalMs <= now) {
      maxSendLagMs = Math.max(maxSendLagMs, now - (start + i * intervalMs));
      const buyer = buyers[i % buyers.length];
      const shop = shops[i % shops.length];
      if (!buyer || !shop) throw new Error('no buyers or shops');
      inflight.push(placeOrder(buyer, shop, random, log));
      i++;
    }
  }
  await Promise.all(inflight);
  return { elapsedMs: nowMs() - start, maxSendLagMs, sent: total };
}
