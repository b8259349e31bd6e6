import { audit, type PlacedOrder } from '../audit.js';
import { seededRandom, setupBuyers, setupShops, type Buyer, type SellerShop, type Transport } from '../clients.js';
import {
  checksFrom,
  cpuBetween,
  dashboardSpecs,
  expectedDeliveries,
  mergeLogs,
  newOrderLog,
  notesFrom,
  perShopCounts,
  placeOrder,
  commitRetries,
  sampleAll,
  withServerAndFleet,
  settle,
  DUPLICATE_GRACE_MS,
  type BenchEnv,
  type OrderLog,
  type ScenarioRun,
} from '../harness.js';
import { startLoopMonitor } from '../proc.js';
import { distribution } from '../stats.js';
import { closedLoop, openLoop } from './drivers.js';

export interface OrdersParams {
  shops: number;
  dashboardsPerShop: number;
  buyers: number;
  durationMs: number;
  transport: Transport;
  /** Absent: closed loop (throughput). Present: open loop at this rate (latency). */
  ratePerSec?: number;
  deliveryTimeoutMs: number;
}

/** Scenarios (a) and (b): many shops, a few dashboards each, buyers ordering across all shops. */
export async function runOrdersScenario(env: BenchEnv, p: OrdersParams, runTag: string): Promise<ScenarioRun> {
  return withServerAndFleet(env, 1, runTag, async (server, fleet) => {
    const shops = await setupShops(server.url, p.shops, runTag);
    const buyers = await setupBuyers(server.urls, p.buyers, runTag, p.transport);
    try {
      const specs = dashboardSpecs(shops, p.dashboardsPerShop);
      const open = await fleet.open(server.urls, specs, env.connectBatch);
      // Warm-up: one order per buyer, so connection set-up and JIT are outside the window.
      const warm = newOrderLog();
      await warmUp(buyers, shops, warm);
      const perShop = perShopCounts(specs);
      await fleet.waitForNewOrders(expectedDeliveries(warm.placed, perShop), p.deliveryTimeoutMs);
      const baseline = (await fleet.counts()).newOrders;

      const log = newOrderLog();
      const retriesBefore = await commitRetries(server.urls);
      const before = sampleAll(server, fleet, env.ticksPerSecond);
      const mainLoop = startLoopMonitor();
      const drive =
        p.ratePerSec === undefined
          ? { elapsedMs: await closedLoop(buyers, shops, p.durationMs, log), maxSendLagMs: 0 }
          : await openLoop(buyers, shops, p.ratePerSec, p.durationMs, log);
      const afterLoad = sampleAll(server, fleet, env.ticksPerSecond);
      const retries = (await commitRetries(server.urls)) - retriesBefore;
      const counts = await fleet.waitForNewOrders(baseline + expectedDeliveries(log.placed, perShop), p.deliveryTimeoutMs);
      const afterDelivery = sampleAll(server, fleet, env.ticksPerSecond);

      // A short grace after the expected count, so a late duplicate still gets caught.
      await settle(DUPLICATE_GRACE_MS);
      const mainLoopDelay = mainLoop();
      const collected = await fleet.collect();
      // The warm-up orders are part of the audit too: every one of them must arrive exactly once as well.
      const all = mergeLogs(warm, log);
      const result = audit(all.placed, collected.dashboards);
      const measured = new Set(log.placed.map((o) => o.orderId));
      const latencies = latenciesFor(collected.dashboards, log.placed, measured, (o) => o.sentAtMs);
      const lat = distribution(latencies);
      // From the moment the message left the buyer's socket (WebSocket only): without wsLink's send timer.
      const wireKnown = log.placed.every((o) => o.wireSentAtMs !== undefined);
      const fromWire = distribution(wireKnown ? latenciesFor(collected.dashboards, log.placed, measured, (o) => o.wireSentAtMs ?? Number.NaN) : []);
      const sendTimer = distribution(wireKnown ? log.placed.map((o) => (o.wireSentAtMs ?? Number.NaN) - o.sentAtMs) : []);
      const answer = distribution(log.answerMs);
      const load = cpuBetween(before, afterLoad);
      const total = cpuBetween(before, afterDelivery);
      const orders = log.placed.length;
      return {
        figures: {
          orders,
          failedOrders: log.failed,
          ordersPerSec: orders / (drive.elapsedMs / 1000),
          targetRatePerSec: p.ratePerSec ?? Number.NaN,
          maxSendLagMs: drive.maxSendLagMs,
          answerP50Ms: answer.p50,
          answerP99Ms: answer.p99,
          deliveryP50Ms: lat.p50,
          deliveryP95Ms: lat.p95,
          deliveryP99Ms: lat.p99,
          deliveryMaxMs: lat.max,
          wireDeliveryP50Ms: fromWire.p50,
          wireDeliveryP99Ms: fromWire.p99,
          clientSendDelayP50Ms: sendTimer.p50,
          clientSendDelayP99Ms: sendTimer.p99,
          deliveries: lat.count,
          eventsPerDelivery: counts.newOrders > 0 ? counts.events / counts.newOrders : Number.NaN,
          commitRetriesPerOrder: orders > 0 ? retries / orders : Number.NaN,
          serverCpuUsPerOrder: orders > 0 ? (total.serverCpuMs * 1000) / orders : Number.NaN,
          serverCores: load.serverCores,
          loadCores: load.loadCores,
          loadMainCores: load.loadMainCores,
          loadWorkerCores: load.loadWorkerCores,
          otherCores: load.otherCores,
          drainMs: afterDelivery.atMs - afterLoad.atMs,
          loadMainLoopP99Ms: mainLoopDelay.p99Ms,
          loadMainLoopMaxMs: mainLoopDelay.maxMs,
          loadWorkerLoopP99Ms: collected.loopDelay.p99Ms,
          loadWorkerLoopMaxMs: collected.loopDelay.maxMs,
        },
        checks: checksFrom(result, collected, all, open.failed, server),
        notes: notesFrom(collected, all, server, open),
      };
    } finally {
      await Promise.allSettled(buyers.map((b) => b.client.close()));
    }
  });
}

/** One order per buyer, round-robin over shops, outside the measured window. */
async function warmUp(buyers: readonly Buyer[], shops: readonly SellerShop[], log: OrderLog): Promise<void> {
  await Promise.all(
    buyers.map(async (buyer, i) => {
      const shop = shops[i % shops.length];
      if (shop) await placeOrder(buyer, shop, seededRandom(i), log);
    }),
  );
}

function latenciesFor(
  dashboards: readonly { orderIds: string[]; receivedAtMs: number[] }[],
  placed: readonly PlacedOrder[],
  measured: ReadonlySet<string>,
  sentAtOf: (order: PlacedOrder) => number,
): number[] {
  const sentAt = new Map(placed.map((o) => [o.orderId, sentAtOf(o)]));
  const out: number[] = [];
  for (const d of dashboards) {
    for (let i = 0; i < d.orderIds.length; i++) {
      const id = d.orderIds[i] ?? '';
      const sent = sentAt.get(id);
      if (sent !== undefined && measured.has(id)) out.push((d.receivedAtMs[i] ?? Number.NaN) - sent);
    }
  }
  return out;
}
