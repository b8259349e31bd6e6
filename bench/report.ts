import { DEPLOYMENT_LABELS, type DeploymentKind } from './deployment.js';
import type { Checks, ScenarioRun } from './harness.js';
import type { PlannedScenario } from './plan.js';
import type { DashboardClientKind } from './protocol.js';
import { round, type Figures } from './stats.js';

export interface ScenarioResult {
  id: string;
  group: PlannedScenario['group'];
  label: string;
  params: Record<string, unknown>;
  runs: ScenarioRun[];
  /** Runs that threw instead of finishing; any makes the bench fail. */
  errors: string[];
  median: Figures;
  /** Summed over runs: every one must be 0. */
  checks: Checks;
}

type Column = [header: string, cell: (r: ScenarioResult) => string];

const num = (v: number | undefined, digits = 1) => (v === undefined || !Number.isFinite(v) ? '-' : round(v, digits).toLocaleString('en-US'));
const f = (key: string, digits = 1) => (r: ScenarioResult) => num(r.median[key], digits);
const checksCell = (r: ScenarioResult) => {
  const c = r.checks;
  const other = c.unknownOrders + c.subscriptionErrors + c.reconnects + c.openFailures + c.serverErrorLogs + r.errors.length;
  return `${c.lost}/${c.duplicated}/${c.misrouted}/${c.failedOrders}/${other}`;
};

const CHECKS_HEADER = 'lost/dup/misr/fail/other';

/** Which deployment a row ran on (--deploy): the first column of the tables that run on several. */
const DEPLOYMENT_COLUMN: Column = ['deployment', (r) => DEPLOYMENT_LABELS[(r.params['deployment'] as DeploymentKind | undefined) ?? 'sqlite']];

/** Where the CPU went and whether a load process stalled: the columns that say how far to trust a row. */
const LOAD_COLUMNS: Column[] = [
  ['srv cores', f('serverCores', 2)],
  ['load cores', f('loadCores', 2)],
  ['other cores', f('otherCores', 2)],
  ['load loop p99 ms', (r) => `${num(r.median['loadMainLoopP99Ms'])} / ${num(r.median['loadWorkerLoopP99Ms'])}`],
];

const TABLES: Record<PlannedScenario['group'], { title: (param: (key: string) => string) => string; columns: Column[] }> = {
  throughput: {
    title: (p) => `(a) Throughput — closed loop, ${p('buyers')} buyers, ${p('shops')} shops x ${p('dashboardsPerShop')} dashboards, ${Number(p('durationMs')) / 1000} s`,
    columns: [
      DEPLOYMENT_COLUMN,
      ['transport', (r) => String(r.params['transport'])],
      ['orders/s', f('ordersPerSec')],
      ['answer p50/p99 ms', (r) => `${num(r.median['answerP50Ms'])} / ${num(r.median['answerP99Ms'])}`],
      ['delivery p50/p99 ms', (r) => `${num(r.median['deliveryP50Ms'])} / ${num(r.median['deliveryP99Ms'])}`],
      ['srv CPU µs/order', f('serverCpuUsPerOrder', 0)],
      ['retries/order', f('commitRetriesPerOrder', 2)],
      ...LOAD_COLUMNS,
      [CHECKS_HEADER, checksCell],
    ],
  },
  latency: {
    title: (p) => `(b) Fixed rate — open loop at ${p('ratePerSec')}/s, ${p('shops')} shops x ${p('dashboardsPerShop')} dashboards; send -> each dashboard's receipt, every (order, dashboard) pair`,
    columns: [
      DEPLOYMENT_COLUMN,
      ['transport', (r) => String(r.params['transport'])],
      ['achieved/s', f('ordersPerSec')],
      ['p50 ms', f('deliveryP50Ms', 2)],
      ['p95 ms', f('deliveryP95Ms', 2)],
      ['p99 ms', f('deliveryP99Ms', 2)],
      ['max ms', f('deliveryMaxMs', 2)],
      // The same pairs timed from when the message left the buyer's socket (ws only), and wsLink's send timer itself.
      ['from wire p50/p99 ms', (r) => `${num(r.median['wireDeliveryP50Ms'], 2)} / ${num(r.median['wireDeliveryP99Ms'], 2)}`],
      ['client send delay p50/p99 ms', (r) => `${num(r.median['clientSendDelayP50Ms'], 2)} / ${num(r.median['clientSendDelayP99Ms'], 2)}`],
      ['srv CPU µs/order', f('serverCpuUsPerOrder', 0)],
      ['retries/order', f('commitRetriesPerOrder', 2)],
      ...LOAD_COLUMNS,
      [CHECKS_HEADER, checksCell],
    ],
  },
  fanout: {
    title: (p) => `(c) Fan-out — one shop x ${p('dashboards')} dashboards, an order every ${p('intervalMs')} ms; send -> LAST dashboard's receipt`,
    columns: [
      DEPLOYMENT_COLUMN,
      ['dashboards', f('dashboards', 0)],
      ['orders', f('orders', 0)],
      ['last p50 ms', f('lastDashboardP50Ms', 2)],
      ['last p99 ms', f('lastDashboardP99Ms', 2)],
      ['srv CPU µs/order', f('serverCpuUsPerOrder', 0)],
      ['srv CPU µs/delivery', f('serverCpuUsPerDelivery', 2)],
      ...LOAD_COLUMNS,
      [CHECKS_HEADER, checksCell],
    ],
  },
  memory: {
    title: (p) => `(d) Memory — ${p('connections')} idle authenticated dashboard subscribers, one WebSocket each`,
    columns: [
      ['connections', f('connections', 0)],
      ['srv RSS before/after MB', (r) => `${num(r.median['serverRssBeforeMb'])} / ${num(r.median['serverRssAfterMb'])}`],
      ['srv KB/conn', f('serverRssPerConnKb', 1)],
      ['load KB/conn', f('loadRssPerConnKb', 1)],
      ['load workers', f('loadWorkers', 0)],
      ['connect/s', f('connectionsPerSec', 0)],
      ['srv CPU µs/connect', f('serverCpuUsPerConnect', 0)],
      ['verified', f('verifiedSubscribers', 0)],
      ['other cores', f('otherCores', 2)],
      ['test event last ms', f('testEventLastMaxMs', 1)],
      [CHECKS_HEADER, checksCell],
    ],
  },
  ramp: {
    title: (p) =>
      `(e) Fan-out ramp — one shop x ${p('dashboards')} dashboards, ${p('workers')} dashboard worker process(es), order rate raised in steps of >= ${Number(p('stepMs')) / 1000} s and >= ${p('minOrdersPerStep')} orders until the LAST-dashboard p99 passes ${p('p99LimitMs')} ms; sustained = highest step within it (deliveries = new_order events)`,
    columns: [
      ['dashboards', f('dashboards', 0)],
      ['sustained step/s', f('sustainedTargetPerSec', 0)],
      ['orders/s', f('sustainedOrdersPerSec', 1)],
      ['deliveries/s', f('sustainedDeliveriesPerSec', 0)],
      ['frames/s', f('sustainedFramesPerSec', 0)],
      ['last p99 ms', f('sustainedLastP99Ms', 2)],
      ['srv CPU µs/delivery', f('sustainedServerCpuUsPerDelivery', 2)],
      ['stopped at', (r) => stopCell(r.median)],
      [CHECKS_HEADER, checksCell],
    ],
  },
  presence: {
    title: (p) => `(g) Presence — ${p('visitors')} anonymous visitors join one shop at ${p('ratePerSec')}/s, then leave, while ${p('watchers')} sellers watch its live view; a join or leave -> the LAST watcher seeing the count that includes it`,
    columns: [
      ['visitors', f('visitors', 0)],
      ['join p50/p99 ms', (r) => `${num(r.median['joinLastP50Ms'], 2)} / ${num(r.median['joinLastP99Ms'], 2)}`],
      ['leave p50/p99 ms', (r) => `${num(r.median['leaveLastP50Ms'], 2)} / ${num(r.median['leaveLastP99Ms'], 2)}`],
      ['srv CPU µs/change', f('serverCpuUsPerChange', 0)],
      ['srv CPU µs join/leave', (r) => `${num(r.median['serverCpuUsPerJoin'], 0)} / ${num(r.median['serverCpuUsPerLeave'], 0)}`],
      ['visitor frames', f('visitorFramesReceived', 0)],
      [CHECKS_HEADER, checksCell],
    ],
  },
  soak: {
    title: (p) => `(f) Soak — one shop x ${p('dashboards')} dashboards, an order every ${p('intervalMs')} ms for ${Number(p('durationMs')) / 1000} s; server RSS every ${Number(p('rssSampleEveryMs')) / 1000} s`,
    columns: [
      ['orders', f('orders', 0)],
      ['srv RSS start/end/max MB', (r) => `${num(r.median['rssStartMb'])} / ${num(r.median['rssEndMb'])} / ${num(r.median['rssMaxMb'])}`],
      ['RSS after drain MB', f('rssAfterDrainMb', 1)],
      ['srv JS heap start/end MB', (r) => `${num(r.median['heapUsedStartMb'])} / ${num(r.median['heapUsedEndMb'])}`],
      ['last p50/p99 ms', (r) => `${num(r.median['lastDashboardP50Ms'], 2)} / ${num(r.median['lastDashboardP99Ms'], 2)}`],
      ['srv CPU µs/delivery', f('serverCpuUsPerDelivery', 2)],
      ['srv cores', f('serverCores', 2)],
      ['load cores', f('loadCores', 2)],
      ['other cores', f('otherCores', 2)],
      [CHECKS_HEADER, checksCell],
    ],
  },
};

const STOP_REASONS = ['not stopped: every step within the limit', 'p99 over the limit', 'achieved rate short of the target', 'deliveries missing'];

function stopCell(m: Figures): string {
  const rate = m['stopTargetPerSec'];
  if (rate === undefined || !Number.isFinite(rate)) return 'never (all steps passed)';
  return `${num(rate, 0)}/s: ${STOP_REASONS[Math.round(m['stopReason'] ?? Number.NaN)] ?? '?'} (p99 ${num(m['stopLastP99Ms'])} ms, ${num(m['stopAchievedPerSec'])}/s)`;
}

/** The steps a ramp result holds, by target rate, from its `step<rate>_` figure keys. */
function rampSteps(m: Figures): number[] {
  const rates = new Set<number>();
  for (const key of Object.keys(m)) {
    const match = /^step(\d+)_/.exec(key);
    if (match) rates.add(Number(match[1]));
  }
  return [...rates].sort((a, b) => a - b);
}

function renderRampSteps(r: ScenarioResult): string {
  const g = (rate: number, name: string, digits = 1) => num(r.median[`step${rate}_${name}`], digits);
  const headers = ['target/s', 'achieved/s', 'deliveries/s', 'frames/s', 'last p50/p99/max ms', 'srv CPU µs/delivery', 'srv cores', 'load cores', 'other cores', 'load loop p99 ms'];
  const rows = rampSteps(r.median).map((rate) => [
    String(rate),
    g(rate, 'achievedPerSec'),
    g(rate, 'deliveriesPerSec', 0),
    g(rate, 'framesPerSec', 0),
    `${g(rate, 'lastP50Ms')} / ${g(rate, 'lastP99Ms')} / ${g(rate, 'lastMaxMs')}`,
    g(rate, 'serverCpuUsPerDelivery', 2),
    g(rate, 'serverCores', 2),
    g(rate, 'loadCores', 2),
    g(rate, 'otherCores', 2),
    `${g(rate, 'loadMainLoopP99Ms')} / ${g(rate, 'loadWorkerLoopP99Ms')}`,
  ]);
  return `${r.id} per step (medians over runs; a step missing in some runs is the median of those that reached it)\n${renderTable(headers, rows)}`;
}

function renderTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ') + ' |';
  return [line(headers), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(line)].join('\n');
}

/** Says which client measured the dashboard figures, in the header and the JSON. */
export const DASHBOARD_CLIENT_LABELS: Record<DashboardClientKind, string> = {
  lean: 'lean (raw ws socket speaking tRPC\'s WebSocket protocol, JSON.parse per frame; --dashboards lean)',
  trpc: 'trpc (the real @trpc/client: createShopwireClient, wsLink, superjson; --dashboards trpc)',
};

export function renderReport(results: readonly ScenarioResult[], runs: number, dashboards: DashboardClientKind): string {
  const out: string[] = [
    `Shopwire bench — medians of ${runs} run(s); checks summed over runs (${CHECKS_HEADER}, all must be 0)`,
    `Dashboards: ${DASHBOARD_CLIENT_LABELS[dashboards]}`,
    '',
  ];
  for (const [group, table] of Object.entries(TABLES) as [PlannedScenario['group'], (typeof TABLES)[PlannedScenario['group']]][]) {
    const rows = results.filter((r) => r.group === group);
    if (rows.length === 0) continue;
    out.push(table.title((key) => String(rows[0]?.params[key])), renderTable(table.columns.map(([h]) => h), rows.map((r) => table.columns.map(([, cell]) => cell(r)))), '');
    if (group === 'ramp') for (const r of rows) out.push(renderRampSteps(r), '');
    if (group === 'soak') {
      for (const r of rows) {
        const samples = Object.keys(r.median)
          .map((k) => /^rssAt(\d+)sMb$/.exec(k))
          .filter((m): m is RegExpExecArray => m !== null)
          .sort((a, b) => Number(a[1]) - Number(b[1]))
          .map((m) => `${m[1]} s ${num(r.median[m[0]])}`);
        out.push(`${r.id} server RSS MB over time: ${samples.join(', ')}`, '');
      }
    }
  }
  const warnings = warningLines(results);
  if (warnings.length) out.push('Warnings', ...warnings.map((l) => `  ${l}`), '');
  const ratios = ratioLines(results);
  if (ratios.length) out.push('Ratios', ...ratios.map((l) => `  ${l}`), '');
  const problems = results.flatMap((r) => [...r.errors.map((e) => `${r.id}: ${e}`), ...r.runs.flatMap((run) => run.notes.map((n) => `${r.id}: ${n}`))]);
  if (problems.length) out.push('Problems', ...problems.slice(0, 30).map((p) => `  ${p}`), '');
  return out.join('\n');
}

function ratioLines(results: readonly ScenarioResult[]): string[] {
  const get = (id: string, key: string) => results.find((r) => r.id === id)?.median[key];
  const lines: string[] = [];
  const ratio = (label: string, a: number | undefined, b: number | undefined) => {
    if (a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b) && b !== 0) lines.push(`${label}: ${round(a / b, 2)}x`);
  };
  ratio('throughput http / ws', get('a-throughput-http', 'ordersPerSec'), get('a-throughput-ws', 'ordersPerSec'));
  ratio('server CPU per order http / ws (a)', get('a-throughput-http', 'serverCpuUsPerOrder'), get('a-throughput-ws', 'serverCpuUsPerOrder'));
  ratio('fixed-rate p99 http / ws', get('b-latency-http', 'deliveryP99Ms'), get('b-latency-ws', 'deliveryP99Ms'));
  ratio('fixed-rate p99 / p50 (ws)', get('b-latency-ws', 'deliveryP99Ms'), get('b-latency-ws', 'deliveryP50Ms'));
  ratio('fan-out last p99 / p50', get('c-fanout', 'lastDashboardP99Ms'), get('c-fanout', 'lastDashboardP50Ms'));
  ratio('throughput PostgreSQL / SQLite (a, ws)', get('a-throughput-ws-pg', 'ordersPerSec'), get('a-throughput-ws', 'ordersPerSec'));
  ratio('throughput 3 instances / 1, both PostgreSQL (a, ws)', get('a-throughput-ws-cluster', 'ordersPerSec'), get('a-throughput-ws-pg', 'ordersPerSec'));
  // The broker hop: the same fixed-rate load on one PostgreSQL instance and on three with the bus between them.
  const hop = (label: string, key: string, id: string) => {
    const one = get(`${id}-pg`, key);
    const three = get(`${id}-cluster`, key);
    if (one !== undefined && three !== undefined && Number.isFinite(one) && Number.isFinite(three)) lines.push(`${label}: ${round(three - one, 2)} ms (${round(one, 2)} ms on 1 instance, ${round(three, 2)} ms on 3)`);
  };
  hop('broker hop, added delivery p50 (b, ws)', 'deliveryP50Ms', 'b-latency-ws');
  hop('broker hop, added delivery p99 (b, ws)', 'deliveryP99Ms', 'b-latency-ws');
  hop('broker hop, added last-dashboard p50 (c)', 'lastDashboardP50Ms', 'c-fanout');
  hop('broker hop, added last-dashboard p99 (c)', 'lastDashboardP99Ms', 'c-fanout');
  for (const r of results) {
    const load = r.median['loadCores'];
    const server = r.median['serverCores'];
    if (load !== undefined && server !== undefined) ratio(`load-process / server CPU (${r.id})`, load, server);
  }
  return lines;
}

/** Says when a figure measures the machine or the load generator rather than the server. */
function warningLines(results: readonly ScenarioResult[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    const other = r.median['otherCores'];
    if (other !== undefined && other > 0.25) {
      lines.push(`${r.id}: other processes kept ${round(other, 2)} of the machine's cores busy during the measurement; the server competed for CPU.`);
    }
    for (const rate of rampSteps(r.median)) {
      const stepOther = r.median[`step${rate}_otherCores`];
      if (stepOther !== undefined && stepOther > 0.25) lines.push(`${r.id} step ${rate}/s: other processes kept ${round(stepOther, 2)} cores busy; the server competed for CPU.`);
      const stepWorker = r.median[`step${rate}_loadWorkerLoopP99Ms`];
      if (stepWorker !== undefined && stepWorker > 50) lines.push(`${r.id} step ${rate}/s: the dashboard worker's event loop stalled (p99 ${num(stepWorker)} ms); the load side, not only the server, limits that step.`);
    }
    const main = r.median['loadMainLoopP99Ms'];
    const worker = r.median['loadWorkerLoopP99Ms'];
    if ((main !== undefined && main > 50) || (worker !== undefined && worker > 50)) {
      lines.push(`${r.id}: a load process's event loop stalled (p99 ${num(main)} ms main / ${num(worker)} ms dashboards); latencies include that.`);
    }
    if (r.checks.failedOrders > 0 && r.runs.some((run) => run.notes.some((n) => n.includes('UND_ERR_CONNECT_TIMEOUT')))) {
      lines.push(`${r.id}: orders failed with HTTP connect timeouts: the open-loop backlog outgrew what the server accepted (overload), not a stock or logic error.`);
    }
  }
  return lines;
}
