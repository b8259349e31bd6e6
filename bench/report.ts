import type { Checks, ScenarioRun } from './harness.js';
import type { PlannedScenario } from './plan.js';
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

const TABLES: Record<PlannedScenario['group'], { title: (param: (key: string) => string) => string; columns: Column[] }> = {
  throughput: {
    title: (p) => `(a) Throughput — closed loop, ${p('buyers')} buyers, ${p('shops')} shops x ${p('dashboardsPerShop')} dashboards, ${Number(p('durationMs')) / 1000} s`,
    columns: [
      ['transport', (r) => String(r.params['transport'])],
      ['orders/s', f('ordersPerSec')],
      ['answer p50/p99 ms', (r) => `${num(r.median['answerP50Ms'])} / ${num(r.median['answerP99Ms'])}`],
      ['delivery p50/p99 ms', (r) => `${num(r.median['deliveryP50Ms'])} / ${num(r.median['deliveryP99Ms'])}`],
      ['srv CPU µs/order', f('serverCpuUsPerOrder', 0)],
      ['srv cores', f('serverCores', 2)],
      ['load cores', f('loadCores', 2)],
      ['other cores', f('otherCores', 2)],
      ['load loop p99 ms', (r) => `${num(r.median['loadMainLoopP99Ms'])} / ${num(r.median['loadWorkerLoopP99Ms'])}`],
      [CHECKS_HEADER, checksCell],
    ],
  },
  latency: {
    title: (p) => `(b) Fixed rate — open loop at ${p('ratePerSec')}/s, ${p('shops')} shops x ${p('dashboardsPerShop')} dashboards; send -> each dashboard's receipt, every (order, dashboard) pair`,
    columns: [
      ['transport', (r) => String(r.params['transport'])],
      ['achieved/s', f('ordersPerSec')],
      ['p50 ms', f('deliveryP50Ms', 2)],
      ['p95 ms', f('deliveryP95Ms', 2)],
      ['p99 ms', f('deliveryP99Ms', 2)],
      ['max ms', f('deliveryMaxMs', 2)],
      ['srv CPU µs/order', f('serverCpuUsPerOrder', 0)],
      ['srv cores', f('serverCores', 2)],
      ['load cores', f('loadCores', 2)],
      ['other cores', f('otherCores', 2)],
      ['load loop p99 ms', (r) => `${num(r.median['loadMainLoopP99Ms'])} / ${num(r.median['loadWorkerLoopP99Ms'])}`],
      [CHECKS_HEADER, checksCell],
    ],
  },
  fanout: {
    title: (p) => `(c) Fan-out — one shop x ${p('dashboards')} dashboards, an order every ${p('intervalMs')} ms; send -> LAST dashboard's receipt`,
    columns: [
      ['dashboards', f('dashboards', 0)],
      ['orders', f('orders', 0)],
      ['last p50 ms', f('lastDashboardP50Ms', 2)],
      ['last p99 ms', f('lastDashboardP99Ms', 2)],
      ['srv CPU µs/order', f('serverCpuUsPerOrder', 0)],
      ['srv CPU µs/delivery', f('serverCpuUsPerDelivery', 2)],
      ['srv cores', f('serverCores', 2)],
      ['load cores', f('loadCores', 2)],
      ['other cores', f('otherCores', 2)],
      ['load loop p99 ms', (r) => `${num(r.median['loadMainLoopP99Ms'])} / ${num(r.median['loadWorkerLoopP99Ms'])}`],
      [CHECKS_HEADER, checksCell],
    ],
  },
  memory: {
    title: (p) => `(d) Memory — ${p('connections')} idle authenticated dashboard subscribers, one WebSocket each`,
    columns: [
      ['connections', f('connections', 0)],
      ['srv RSS before/after MB', (r) => `${num(r.median['serverRssBeforeMb'])} / ${num(r.median['serverRssAfterMb'])}`],
      ['srv KB/conn', f('serverRssPerConnKb', 1)],
      ['connect/s', f('connectionsPerSec', 0)],
      ['srv CPU µs/connect', f('serverCpuUsPerConnect', 0)],
      ['verified', f('verifiedSubscribers', 0)],
      ['test event last ms', f('testEventLastMaxMs', 1)],
      [CHECKS_HEADER, checksCell],
    ],
  },
};

function renderTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ') + ' |';
  return [line(headers), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(line)].join('\n');
}

export function renderReport(results: readonly ScenarioResult[], runs: number): string {
  const out: string[] = [`Shopwire bench — medians of ${runs} run(s); checks summed over runs (${CHECKS_HEADER}, all must be 0)`, ''];
  for (const [group, table] of Object.entries(TABLES) as [PlannedScenario['group'], (typeof TABLES)[PlannedScenario['group']]][]) {
    const rows = results.filter((r) => r.group === group);
    if (rows.length === 0) continue;
    out.push(table.title((key) => String(rows[0]?.params[key])), renderTable(table.columns.map(([h]) => h), rows.map((r) => table.columns.map(([, cell]) => cell(r)))), '');
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
