import type { CliOptions } from './cli.js';
import type { BenchEnv, ScenarioRun } from './harness.js';
import { runFanoutScenario } from './scenarios/fanout.js';
import { runMemoryScenario } from './scenarios/memory.js';
import { runOrdersScenario } from './scenarios/orders.js';

export interface PlannedScenario {
  id: string;
  group: 'throughput' | 'latency' | 'fanout' | 'memory';
  label: string;
  params: Record<string, unknown>;
  run(env: BenchEnv, runTag: string): Promise<ScenarioRun>;
}

/** The sizes of the issue for a full run; tiny ones for CI's smoke run. */
function sizes(smoke: boolean) {
  return smoke
    ? { shops: 2, dashboardsPerShop: 2, buyers: 4, durationMs: 1500, ratePerSec: 100, fanoutDashboards: 50, fanoutWorkers: 1, idle: 200, idleShops: 2, idleWorkers: 1, settleMs: 500, deliveryTimeoutMs: 10_000 }
    : { shops: 20, dashboardsPerShop: 5, buyers: 50, durationMs: 10_000, ratePerSec: 300, fanoutDashboards: 1000, fanoutWorkers: 1, idle: 5000, idleShops: 20, idleWorkers: 2, settleMs: 3000, deliveryTimeoutMs: 30_000 };
}

export function buildPlan(opts: CliOptions): PlannedScenario[] {
  const s = sizes(opts.smoke);
  const plan: PlannedScenario[] = [];
  for (const transport of opts.transports) {
    if (opts.only.includes('a')) {
      const params = { shops: s.shops, dashboardsPerShop: s.dashboardsPerShop, buyers: s.buyers, durationMs: s.durationMs, transport, deliveryTimeoutMs: s.deliveryTimeoutMs };
      plan.push({
        id: `a-throughput-${transport}`,
        group: 'throughput',
        label: `(a) throughput, closed loop, buyers over ${transport}`,
        params,
        run: (env, tag) => runOrdersScenario(env, params, tag),
      });
    }
  }
  for (const transport of opts.transports) {
    if (opts.only.includes('b')) {
      const params = { shops: s.shops, dashboardsPerShop: s.dashboardsPerShop, buyers: s.buyers, durationMs: s.durationMs, transport, ratePerSec: s.ratePerSec, deliveryTimeoutMs: s.deliveryTimeoutMs };
      plan.push({
        id: `b-latency-${transport}`,
        group: 'latency',
        label: `(b) ${s.ratePerSec} orders/s, open loop, buyers over ${transport}`,
        params,
        run: (env, tag) => runOrdersScenario(env, params, tag),
      });
    }
  }
  if (opts.only.includes('c')) {
    const params = { dashboards: s.fanoutDashboards, intervalMs: 100, durationMs: s.durationMs, deliveryTimeoutMs: s.deliveryTimeoutMs, workers: s.fanoutWorkers };
    plan.push({ id: 'c-fanout', group: 'fanout', label: `(c) fan-out, 1 shop x ${s.fanoutDashboards} dashboards`, params, run: (env, tag) => runFanoutScenario(env, params, tag) });
  }
  if (opts.only.includes('d')) {
    const params = { connections: s.idle, shops: s.idleShops, settleMs: s.settleMs, workers: s.idleWorkers, deliveryTimeoutMs: s.deliveryTimeoutMs };
    plan.push({ id: 'd-memory', group: 'memory', label: `(d) memory, ${s.idle} idle subscribers`, params, run: (env, tag) => runMemoryScenario(env, params, tag) });
  }
  return plan;
}
