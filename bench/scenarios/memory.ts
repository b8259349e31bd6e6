import { audit } from '../audit.js';
import { seededRandom, setupBuyers, setupShops } from '../clients.js';
import {
  assertFdHeadroom,
  checksFrom,
  cpuBetween,
  dashboardSpecs,
  expectedDeliveries,
  newOrderLog,
  notesFrom,
  perShopCounts,
  placeOrder,
  sampleAll,
  settle,
  withServerAndFleet,
  DUPLICATE_GRACE_MS,
  type BenchEnv,
  type ScenarioRun,
} from '../harness.js';
import { sampleProc } from '../proc.js';
import { distribution } from '../stats.js';

export interface MemoryParams {
  connections: number;
  shops: number;
  settleMs: number;
  workers: number;
  deliveryTimeoutMs: number;
}

/**
 * Scenario (d): the server's resident memory per idle, authenticated dashboard
 * subscriber; then proves every one of them is still live with one order per shop.
 */
export async function runMemoryScenario(env: BenchEnv, p: MemoryParams, runTag: string): Promise<ScenarioRun> {
  return withServerAndFleet(env, p.workers, runTag, async (server, fleet) => {
    const shops = await setupShops(server.url, p.shops, runTag);
    const buyers = await setupBuyers(server.url, 1, runTag, 'ws');
    try {
      const buyer = buyers[0];
      if (!buyer) throw new Error('setup produced no buyer');
      const specs = dashboardSpecs(shops, Math.ceil(p.connections / p.shops)).slice(0, p.connections);
      // Every subscriber is one socket in the server and one in its worker: check both fit first.
      const serverFdLimit = assertFdHeadroom(server.pid, specs.length, 'the server');
      const perWorker = Math.ceil(specs.length / Math.max(1, fleet.pids.length));
      const workerFdLimit = Math.min(...fleet.pids.map((pid, i) => assertFdHeadroom(pid, perWorker, `dashboard worker ${i + 1}`)));
      env.log(`[bench]   ${specs.length} subscribers over ${fleet.pids.length} worker(s); open-files limit ${serverFdLimit} server, ${workerFdLimit} per worker`);
      await settle(p.settleMs);
      const before = sampleAll(server, fleet, env.ticksPerSecond);
      const open = await fleet.open(server.url, specs, env.connectBatch);
      const opened = sampleAll(server, fleet, env.ticksPerSecond);
      await settle(p.settleMs);
      const after = sampleAll(server, fleet, env.ticksPerSecond);

      const log = newOrderLog();
      const random = seededRandom(99);
      await Promise.all(shops.map((shop) => placeOrder(buyer, shop, random, log)));
      const perShop = perShopCounts(specs);
      await fleet.waitForNewOrders(expectedDeliveries(log.placed, perShop), p.deliveryTimeoutMs);
      // A short grace after the expected count, so a late duplicate still gets caught.
      await settle(DUPLICATE_GRACE_MS);
      const collected = await fleet.collect();
      const result = audit(log.placed, collected.dashboards);
      const last = distribution(result.lastReceiptMs);
      const workerRssKb = (s: typeof before) => s.workers.reduce((acc, w) => acc + w.rssKb, 0);
      const count = open.opened;
      return {
        figures: {
          connections: count,
          connectMs: opened.atMs - before.atMs,
          connectionsPerSec: count / ((opened.atMs - before.atMs) / 1000),
          serverRssBeforeMb: before.server.rssKb / 1024,
          serverRssAfterMb: after.server.rssKb / 1024,
          serverRssPerConnKb: count > 0 ? (after.server.rssKb - before.server.rssKb) / count : Number.NaN,
          serverCpuUsPerConnect: count > 0 ? (opened.server.cpuMicros - before.server.cpuMicros) / count : Number.NaN,
          loadRssPerConnKb: count > 0 ? (workerRssKb(after) - workerRssKb(before)) / count : Number.NaN,
          testEventLastP50Ms: last.p50,
          testEventLastMaxMs: last.max,
          verifiedSubscribers: collected.dashboards.filter((d) => d.orderIds.length === 1).length,
          serverRssNowMb: sampleProc(server.pid, env.ticksPerSecond).rssKb / 1024,
          loadWorkers: fleet.pids.length,
          // Connect and idle settle: machine noise the RSS and connect figures cannot account for.
          otherCores: cpuBetween(before, after).otherCores,
          serverFdLimit,
          workerFdLimit,
        },
        checks: checksFrom(result, collected, log, open.failed, server),
        notes: notesFrom(collected, log, server, open),
      };
    } finally {
      await Promise.allSettled(buyers.map((b) => b.client.close()));
    }
  });
}
