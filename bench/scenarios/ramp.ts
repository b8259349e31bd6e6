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
  type Checks,
  type ScenarioRun,
} from '../harness.js';
import { startLoopMonitor } from '../proc.js';
import type { Collected } from '../protocol.js';
import { distribution, type Figures } from '../stats.js';
import { openLoop } from './drivers.js';

export interface RampParams {
  dashboards: number;
  /** Target orders/s, one step each, in increasing order. */
  ratesPerSec: number[];
  stepMs: number;
  /** A step lasts at least long enough for this many orders, so its p99 is not just its maximum. */
  minOrdersPerStep: number;
  /** A step whose last-dashboard p99 is above this ends the ramp. */
  p99LimitMs: number;
  /** A step that places fewer than this share of its target rate ends the ramp (server or load generator saturated). */
  minAchievedShare: number;
  buyers: number;
  deliveryTimeoutMs: number;
  workers: number;
}

/** Figure keys of one step; report.ts finds the steps by the `step<rate>_` prefix. */
export const stepKey = (rate: number, name: string) => `step${rate}_${name}`;

/**
 * Scenario (e): scenario (c)'s shop and dashboards, with the order rate raised step by step
 * until the p99 from send to the LAST dashboard's receipt passes the limit. Each step's
 * deliveries drain before the next starts, so a step is measured on its own; the highest
 * step within the limit is the sustained rate. Every step is audited for zero loss.
 */
export async function runRampScenario(env: BenchEnv, p: RampParams, runTag: string): Promise<ScenarioRun> {
  return withServerAndFleet(env, p.workers, runTag, async (server, fleet) => {
    const shops = await setupShops(server.url, 1, runTag);
    const buyers = await setupBuyers(server.url, p.buyers, runTag, 'ws');
    try {
      const specs = dashboardSpecs(shops, p.dashboards);
      const open = await fleet.open(server.url, specs, env.connectBatch);
      const buyer = buyers[0];
      const shop = shops[0];
      if (!buyer || !shop) throw new Error('setup produced no buyer or shop');
      const dashboards = specs.length;

      const allLog = newOrderLog();
      const checks: Checks = { lost: 0, duplicated: 0, misrouted: 0, unknownOrders: 0, failedOrders: 0, subscriptionErrors: 0, reconnects: 0, openFailures: open.failed, serverErrorLogs: 0 };
      const auditStep = (collected: Collected, placed: typeof allLog.placed) => {
        const result = audit(placed, collected.dashboards);
        checks.lost += result.lost;
        checks.duplicated += result.duplicated;
        checks.misrouted += result.misrouted;
        checks.unknownOrders += result.unknown;
        return result;
      };

      // Warm-up: one order, audited but not timed; its receipts are handed over (reset) before step 1.
      const warm = newOrderLog();
      await placeOrder(buyer, shop, seededRandom(7), warm);
      await fleet.waitForNewOrders(warm.placed.length * dashboards, p.deliveryTimeoutMs);
      await settle(DUPLICATE_GRACE_MS);
      auditStep(await fleet.collect(true), warm.placed);
      allLog.placed.push(...warm.placed);
      allLog.failed += warm.failed;
      allLog.failureSamples.push(...warm.failureSamples);

      const figures: Figures = { dashboards, steps: 0 };
      let sustained: { rate: number; achieved: number; p99: number; framesPerDelivery: number; cpuUsPerDelivery: number } | null = null;
      let stopRate = Number.NaN;
      let stopP99 = Number.NaN;
      let stopAchieved = Number.NaN;
      // 0 all steps within the limit, 1 p99 over the limit, 2 rate fell short, 3 deliveries did not arrive in time.
      let stopReason = 0;

      for (const rate of p.ratesPerSec) {
        const before = await fleet.counts();
        const log = newOrderLog();
        const cpuBefore = sampleAll(server, fleet, env.ticksPerSecond);
        const mainLoop = startLoopMonitor();
        const stepMs = Math.max(p.stepMs, (p.minOrdersPerStep / rate) * 1000);
        const sent = await openLoop(buyers, shops, rate, stepMs, log);
        const expected = before.newOrders + log.placed.length * dashboards;
        const after = await fleet.waitForNewOrders(expected, p.deliveryTimeoutMs);
        const cpuAfter = sampleAll(server, fleet, env.ticksPerSecond);
        const mainLoopDelay = mainLoop();
        await settle(DUPLICATE_GRACE_MS);
        const collected = await fleet.collect(true);
        const result = auditStep(collected, log.placed);
        allLog.placed.push(...log.placed);
        allLog.failed += log.failed;
        allLog.failureSamples.push(...log.failureSamples);

        const orders = log.placed.length;
        const deliveries = orders * dashboards;
        // Orders answered per second of the step (its scheduled length, or longer when answers came late):
        // a saturated server answers late, so this falls below the target.
        const achieved = orders / (Math.max(sent.elapsedMs, stepMs) / 1000);
        const last = distribution(result.lastReceiptMs);
        const cpu = cpuBetween(cpuBefore, cpuAfter);
        const newOrders = after.newOrders - before.newOrders;
        const framesPerDelivery = newOrders > 0 ? (after.events - before.events) / newOrders : Number.NaN;
        const cpuUsPerDelivery = deliveries > 0 ? (cpu.serverCpuMs * 1000) / deliveries : Number.NaN;
        const k = (name: string) => stepKey(rate, name);
        figures[k('targetPerSec')] = rate;
        figures[k('achievedPerSec')] = achieved;
        figures[k('orders')] = orders;
        figures[k('stepMs')] = stepMs;
        figures[k('deliveriesPerSec')] = achieved * dashboards;
        figures[k('framesPerSec')] = achieved * dashboards * framesPerDelivery;
        figures[k('lastP50Ms')] = last.p50;
        figures[k('lastP99Ms')] = last.p99;
        figures[k('lastMaxMs')] = last.max;
        figures[k('serverCpuUsPerDelivery')] = cpuUsPerDelivery;
        figures[k('serverCores')] = cpu.serverCores;
        figures[k('loadCores')] = cpu.loadCores;
        figures[k('otherCores')] = cpu.otherCores;
        figures[k('maxSendLagMs')] = sent.maxSendLagMs;
        figures[k('loadMainLoopP99Ms')] = mainLoopDelay.p99Ms;
        figures[k('loadWorkerLoopP99Ms')] = collected.loopDelay.p99Ms;
        figures['steps'] = (figures['steps'] ?? 0) + 1;
        env.log(
          `[bench]   step ${rate}/s: achieved ${achieved.toFixed(1)}/s, last p99 ${last.p99.toFixed(1)} ms, ` +
            `${cpuUsPerDelivery.toFixed(2)} µs srv CPU/delivery, srv ${cpu.serverCores.toFixed(2)} / load ${cpu.loadCores.toFixed(2)} / other ${cpu.otherCores.toFixed(2)} cores`,
        );

        const complete = after.newOrders >= expected && result.lost === 0 && last.count === orders;
        if (!complete || !(last.p99 <= p.p99LimitMs) || achieved < rate * p.minAchievedShare) {
          stopReason = !complete ? 3 : !(last.p99 <= p.p99LimitMs) ? 1 : 2;
          stopRate = rate;
          stopP99 = last.p99;
          stopAchieved = achieved;
          break;
        }
        sustained = { rate, achieved, p99: last.p99, framesPerDelivery, cpuUsPerDelivery };
      }

      figures['sustainedTargetPerSec'] = sustained?.rate ?? Number.NaN;
      figures['sustainedOrdersPerSec'] = sustained?.achieved ?? Number.NaN;
      figures['sustainedDeliveriesPerSec'] = sustained ? sustained.achieved * dashboards : Number.NaN;
      figures['sustainedFramesPerSec'] = sustained ? sustained.achieved * dashboards * sustained.framesPerDelivery : Number.NaN;
      figures['sustainedLastP99Ms'] = sustained?.p99 ?? Number.NaN;
      figures['sustainedServerCpuUsPerDelivery'] = sustained?.cpuUsPerDelivery ?? Number.NaN;
      figures['stopTargetPerSec'] = stopRate;
      figures['stopAchievedPerSec'] = stopAchieved;
      figures['stopLastP99Ms'] = stopP99;
      figures['stopReason'] = stopReason;

      // Records are empty after the last reset; the counters and error samples cover the whole run.
      const collected: Collected = await fleet.collect();
      checks.failedOrders = allLog.failed;
      const final = checksFrom({ lost: 0, duplicated: 0, misrouted: 0, unknown: 0, deliveries: 0, latenciesMs: [], lastReceiptMs: [] }, collected, allLog, open.failed, server);
      return {
        figures,
        checks: { ...checks, subscriptionErrors: final.subscriptionErrors, reconnects: final.reconnects, serverErrorLogs: final.serverErrorLogs },
        notes: [
          ...(stopReason === 3 ? [`ramp stopped at ${stopRate}/s: not every delivery arrived within ${p.deliveryTimeoutMs} ms`] : []),
          ...notesFrom(collected, allLog, server, open),
        ],
      };
    } finally {
      await Promise.allSettled(buyers.map((b) => b.client.close()));
    }
  });
}
