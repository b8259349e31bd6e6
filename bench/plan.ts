import type { CliOptions } from './cli.js';
import { DEPLOYMENT_LABELS, type DeploymentKind } from './deployment.js';
import type { BenchEnv, ScenarioRun } from './harness.js';
import { runFanoutScenario } from './scenarios/fanout.js';
import { runMemoryScenario } from './scenarios/memory.js';
import { runOrdersScenario } from './scenarios/orders.js';
import { runRampScenario } from './scenarios/ramp.js';
import { runPresenceScenario } from './scenarios/presence.js';

export interface PlannedScenario {
  id: string;
  group: 'throughput' | 'latency' | 'fanout' | 'memory' | 'ramp' | 'soak' | 'presence';
  label: string;
  params: Record<string, unknown>;
  run(env: BenchEnv, runTag: string): Promise<ScenarioRun>;
}

/** The sizes of the issue for a full run; tiny ones for CI's smoke run. */
function sizes(smoke: boolean) {
  const common = { rampP99LimitMs: 200, rampMinAchievedShare: 0.9, rampBuyers: 4, soakRssEveryMs: 5000 };
  return smoke
    ? { ...common, shops: 2, dashboardsPerShop: 2, buyers: 4, durationMs: 1500, ratePerSec: 100, fanoutDashboards: 50, fanoutDurationMs: 1500, fanoutWorkers: 1, idle: 200, idleShops: 2, idleWorkers: 1, settleMs: 500, deliveryTimeoutMs: 10_000, rampRates: [10, 20], rampStepMs: 1000, rampMinOrders: 10, rampWorkers: 1 }
    : { ...common, shops: 20, dashboardsPerShop: 5, buyers: 50, durationMs: 10_000, ratePerSec: 300, fanoutDashboards: 1000, fanoutDurationMs: 30_000, fanoutWorkers: 2, idle: 5000, idleShops: 20, idleWorkers: 2, settleMs: 3000, deliveryTimeoutMs: 30_000, rampRates: [10, 20, 40, 60, 80, 100, 130, 160, 200, 250, 300], rampStepMs: 3000, rampMinOrders: 100, rampWorkers: 2 };
}

/** Idle subscribers per dashboard worker process: each client socket costs the load side ~40-70 KB and a descriptor. */
const IDLE_PER_WORKER = 5000;

export function buildPlan(opts: CliOptions): PlannedScenario[] {
  const s = sizes(opts.smoke);
  const plan: PlannedScenario[] = [];
  for (const deployment of opts.deploy) plan.push(...deployed(deployment, ordersAndFanout(opts, s)));
  // The other scenarios measure one process's limits (memory, ramp, soak, presence): the default deployment only.
  if (!opts.deploy.includes('sqlite')) return plan;
  if (opts.only.includes('d')) {
    const idle = opts.idle ?? s.idle;
    const workers = Math.max(s.idleWorkers, Math.ceil(idle / IDLE_PER_WORKER));
    // Connecting and the test event take longer with more subscribers.
    const deliveryTimeoutMs = Math.max(s.deliveryTimeoutMs, idle * 3);
    const params = { connections: idle, shops: s.idleShops, settleMs: s.settleMs, workers, deliveryTimeoutMs };
    plan.push({ id: 'd-memory', group: 'memory', label: `(d) memory, ${idle} idle subscribers`, params, run: (env, tag) => runMemoryScenario(env, params, tag) });
  }
  if (opts.only.includes('e')) {
    const params = {
      dashboards: s.fanoutDashboards,
      ratesPerSec: s.rampRates,
      stepMs: s.rampStepMs,
      minOrdersPerStep: s.rampMinOrders,
      p99LimitMs: s.rampP99LimitMs,
      minAchievedShare: s.rampMinAchievedShare,
      buyers: s.rampBuyers,
      deliveryTimeoutMs: s.deliveryTimeoutMs,
      workers: s.rampWorkers,
    };
    plan.push({ id: 'e-ramp', group: 'ramp', label: `(e) fan-out ramp, 1 shop x ${s.fanoutDashboards} dashboards`, params, run: (env, tag) => runRampScenario(env, params, tag) });
  }
  if (opts.only.includes('g')) {
    const params = opts.smoke ? { visitors: 50, watchers: 2, ratePerSec: 100, deliveryTimeoutMs: 10_000 } : { visitors: 1000, watchers: 20, ratePerSec: 200, deliveryTimeoutMs: 30_000 };
    plan.push({ id: 'g-presence', group: 'presence', label: `(g) presence, ${params.visitors} visitors x ${params.watchers} live views`, params, run: (env, tag) => runPresenceScenario(env, params, tag) });
  }
  // The soak takes a minute: only when asked for, and never in the smoke run.
  if (opts.only.includes('f') && !opts.smoke) {
    const params = { dashboards: s.fanoutDashboards, intervalMs: 100, durationMs: opts.soakSeconds * 1000, deliveryTimeoutMs: s.deliveryTimeoutMs, workers: s.fanoutWorkers, rssSampleEveryMs: s.soakRssEveryMs };
    plan.push({ id: 'f-soak', group: 'soak', label: `(f) soak, 1 shop x ${s.fanoutDashboards} dashboards for ${opts.soakSeconds} s`, params, run: (env, tag) => runFanoutScenario(env, params, tag) });
  }
  return plan;
}

/** (a), (b) and (c): the scenarios every deployment runs. */
function ordersAndFanout(opts: CliOptions, s: ReturnType<typeof sizes>): PlannedScenario[] {
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
    // 30 s: 300 orders, so the p99 is the 297th-slowest of 300 rather than the 2nd-slowest of 100,
    // which moved by ±10 ms between back-to-back runs.
    const params = { dashboards: s.fanoutDashboards, intervalMs: 100, durationMs: s.fanoutDurationMs, deliveryTimeoutMs: s.deliveryTimeoutMs, workers: s.fanoutWorkers };
    plan.push({ id: 'c-fanout', group: 'fanout', label: `(c) fan-out, 1 shop x ${s.fanoutDashboards} dashboards`, params, run: (env, tag) => runFanoutScenario(env, params, tag) });
  }
  return plan;
}

/** The same scenarios on `deployment`: its own ids and labels, and the deployment in env and params. */
function deployed(deployment: DeploymentKind, scenarios: readonly PlannedScenario[]): PlannedScenario[] {
  if (deployment === 'sqlite') return scenarios.map((sc) => ({ ...sc, params: { ...sc.params, deployment } }));
  return scenarios.map((sc) => ({
    ...sc,
    id: `${sc.id}-${deployment}`,
    label: `${sc.label} [${DEPLOYMENT_LABELS[deployment]}]`,
    params: { ...sc.params, deployment },
    run: (env, tag) => sc.run({ ...env, deployment }, tag),
  }));
}
