import { audit } from '../audit.js';
import { seededRandom, setupBuyers, setupShops } from '../clients.js';
import {
  checksFrom,
  cpuBetween,
  dashboardSpecs,
  newOrderLog,
  notesFrom,
  placeOrder,
  sampleAll,
  withServerAndFleet,
  settle,
  DUPLICATE_GRACE_MS,
  type BenchEnv,
  type ScenarioRun,
} from '../harness.js';
import { nowMs, sampleProc, startLoopMonitor } from '../proc.js';
import { distribution } from '../stats.js';
import { openLoop } from './drivers.js';

export interface FanoutParams {
  dashboards: number;
  intervalMs: number;
  durationMs: number;
  deliveryTimeoutMs: number;
  workers: number;
  /** Soak (f): sample the server's RSS this often while the load runs. */
  rssSampleEveryMs?: number;
}

/** Scenario (c): one shop, many dashboards, an order at a steady pace; how long until the last one knows. */
export async function runFanoutScenario(env: BenchEnv, p: FanoutParams, runTag: string): Promise<ScenarioRun> {
  return withServerAndFleet(env, p.workers, runTag, async (server, fleet) => {
    const shops = await setupShops(server.url, 1, runTag);
    const buyers = await setupBuyers(server.urls, 1, runTag, 'ws');
    try {
      const specs = dashboardSpecs(shops, p.dashboards);
      const connectStart = performance.now();
      const open = await fleet.open(server.urls, specs, env.connectBatch);
      const connectMs = performance.now() - connectStart;
      const buyer = buyers[0];
      const shop = shops[0];
      if (!buyer || !shop) throw new Error('setup produced no buyer or shop');

      const warm = newOrderLog();
      await placeOrder(buyer, shop, seededRandom(7), warm);
      await fleet.waitForNewOrders(warm.placed.length * specs.length, p.deliveryTimeoutMs);
      const baseline = (await fleet.counts()).newOrders;

      const log = newOrderLog();
      const before = sampleAll(server, fleet, env.ticksPerSecond);
      const mainLoop = startLoopMonitor();
      const rss = p.rssSampleEveryMs ? startRssSampler(server.pid, server.url, env.ticksPerSecond, p.rssSampleEveryMs) : null;
      await openLoop(buyers, shops, 1000 / p.intervalMs, p.durationMs, log);
      const rssFigures = (await rss?.stop()) ?? {};
      const counts = await fleet.waitForNewOrders(baseline + log.placed.length * specs.length, p.deliveryTimeoutMs);
      const after = sampleAll(server, fleet, env.ticksPerSecond);
      if (rss) rssFigures['rssAfterDrainMb'] = sampleProc(server.pid, env.ticksPerSecond).rssKb / 1024;

      // A short grace after the expected count, so a late duplicate still gets caught.
      await settle(DUPLICATE_GRACE_MS);
      const mainLoopDelay = mainLoop();
      const collected = await fleet.collect();
      const measured = new Set(log.placed.map((o) => o.orderId));
      const all = { ...log, placed: [...warm.placed, ...log.placed], failed: log.failed + warm.failed };
      const result = audit(all.placed, collected.dashboards);
      // Only the measured orders count for timing; the warm-up one is audited but not timed.
      const timed = audit(log.placed, collected.dashboards.map((d) => keepOrders(d, measured)));
      const last = distribution(timed.lastReceiptMs);
      const each = distribution(timed.latenciesMs);
      const cpu = cpuBetween(before, after);
      const orders = log.placed.length;
      const serverCpuUs = cpu.serverCpuMs * 1000;
      return {
        figures: {
          dashboards: specs.length,
          connectMs,
          orders,
          lastDashboardP50Ms: last.p50,
          lastDashboardP99Ms: last.p99,
          lastDashboardMaxMs: last.max,
          deliveryP50Ms: each.p50,
          deliveryP99Ms: each.p99,
          eventsPerDelivery: counts.newOrders > 0 ? counts.events / counts.newOrders : Number.NaN,
          serverCpuUsPerOrder: orders > 0 ? serverCpuUs / orders : Number.NaN,
          serverCpuUsPerDelivery: orders > 0 ? serverCpuUs / (orders * specs.length) : Number.NaN,
          serverCores: cpu.serverCores,
          loadCores: cpu.loadCores,
          loadWorkerCores: cpu.loadWorkerCores,
          otherCores: cpu.otherCores,
          loadMainLoopP99Ms: mainLoopDelay.p99Ms,
          loadMainLoopMaxMs: mainLoopDelay.maxMs,
          loadWorkerLoopP99Ms: collected.loopDelay.p99Ms,
          loadWorkerLoopMaxMs: collected.loopDelay.maxMs,
          ...rssFigures,
        },
        checks: checksFrom(result, collected, all, open.failed, server),
        notes: notesFrom(collected, all, server, open),
      };
    } finally {
      await Promise.allSettled(buyers.map((b) => b.client.close()));
    }
  });
}

function keepOrders<T extends { orderIds: string[]; orderShopIds: string[]; receivedAtMs: number[]; duplicateEventIds: number }>(d: T, keep: ReadonlySet<string>): T {
  const idx = d.orderIds.map((id, i) => (keep.has(id) ? i : -1)).filter((i) => i >= 0);
  return {
    ...d,
    duplicateEventIds: 0,
    orderIds: idx.map((i) => d.orderIds[i] ?? ''),
    orderShopIds: idx.map((i) => d.orderShopIds[i] ?? ''),
    receivedAtMs: idx.map((i) => d.receivedAtMs[i] ?? Number.NaN),
  };
}

/**
 * The server's RSS now, then every `everyMs` until stopped, and once more at the stop; figures in
 * MB: start, end, max and one `rssAt<s>sMb` per sample. Each sample also asks /health for the JS
 * heap in use (`heapAt<s>sMb`), which tells a leak from SQLite's page cache filling up (RSS only).
 */
function startRssSampler(pid: number, url: string, ticks: number, everyMs: number): { stop(): Promise<Record<string, number>> } {
  const start = nowMs();
  const samples: { atS: number; mb: number; heapMb: Promise<number> }[] = [];
  const take = () => samples.push({ atS: (nowMs() - start) / 1000, mb: sampleProc(pid, ticks).rssKb / 1024, heapMb: heapUsedMb(url) });
  take();
  const timer = setInterval(take, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      take();
      const heaps = await Promise.all(samples.map((x) => x.heapMb));
      const out: Record<string, number> = {
        rssStartMb: samples[0]?.mb ?? Number.NaN,
        rssEndMb: samples[samples.length - 1]?.mb ?? Number.NaN,
        rssMaxMb: Math.max(...samples.map((x) => x.mb)),
        heapUsedStartMb: heaps[0] ?? Number.NaN,
        heapUsedEndMb: heaps[heaps.length - 1] ?? Number.NaN,
        rssSamples: samples.length,
      };
      samples.forEach((x, i) => {
        out[`rssAt${Math.round(x.atS)}sMb`] = x.mb;
        out[`heapAt${Math.round(x.atS)}sMb`] = heaps[i] ?? Number.NaN;
      });
      return out;
    },
  };
}

async function heapUsedMb(url: string): Promise<number> {
  try {
    const res = await fetch(`${url}/health`);
    const body = (await res.json()) as { memory?: { heapUsedMb?: number } };
    return body.memory?.heapUsedMb ?? Number.NaN;
  } catch {
    return Number.NaN;
  }
}
