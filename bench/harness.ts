import type { AuditResult, PlacedOrder } from './audit.js';
import { randomLines, type Buyer, type SellerShop } from './clients.js';
import { startFleet, type DashboardFleet } from './fleet.js';
import { coreShare, machineBusyMicros, nowMs, openFdCount, openFilesLimit, sampleProc, sleep, type ProcSample } from './proc.js';
import type { Collected, DashboardClientKind, DashboardSpec } from './protocol.js';
import { startDeployment, type DeploymentHandle, type DeploymentKind } from './deployment.js';
import type { Figures } from './stats.js';

/** What every scenario needs from the outside; built once by run.ts. */
export interface BenchEnv {
  serverEntry: string;
  cwd: string;
  fdLimit: number;
  ticksPerSecond: number;
  logLevel: 'info' | 'warn';
  serverNodeArgs: readonly string[];
  /** Dashboards (and idle subscribers) opened per batch across all workers. */
  connectBatch: number;
  /** The client the dashboards use (--dashboards): every scenario's dashboards and idle subscribers. */
  dashboardClient: DashboardClientKind;
  /** What the server runs on (--deploy); the plan sets it per scenario. */
  deployment: DeploymentKind;
  log: (line: string) => void;
}

/** Counters that must all be zero; any non-zero makes the bench exit non-zero. */
export interface Checks {
  lost: number;
  duplicated: number;
  misrouted: number;
  unknownOrders: number;
  failedOrders: number;
  subscriptionErrors: number;
  reconnects: number;
  openFailures: number;
  serverErrorLogs: number;
}

export const CHECK_KEYS: readonly (keyof Checks)[] = [
  'lost',
  'duplicated',
  'misrouted',
  'unknownOrders',
  'failedOrders',
  'subscriptionErrors',
  'reconnects',
  'openFailures',
  'serverErrorLogs',
];

export interface ScenarioRun {
  figures: Figures;
  checks: Checks;
  notes: string[];
}

export interface OrderLog {
  placed: PlacedOrder[];
  answerMs: number[];
  failed: number;
  failureSamples: string[];
}

export function newOrderLog(): OrderLog {
  return { placed: [], answerMs: [], failed: 0, failureSamples: [] };
}

export function mergeLogs(a: OrderLog, b: OrderLog): OrderLog {
  return {
    placed: [...a.placed, ...b.placed],
    answerMs: [...a.answerMs, ...b.answerMs],
    failed: a.failed + b.failed,
    failureSamples: [...a.failureSamples, ...b.failureSamples],
  };
}

/** One order.place from `buyer`, logged with its send time (monotonic, comparable across load processes). */
export async function placeOrder(buyer: Buyer, shop: SellerShop, random: () => number, log: OrderLog): Promise<void> {
  const items = randomLines(shop, random);
  const call = buyer.ordersCalled++;
  const sentAtMs = nowMs();
  try {
    const order = await buyer.client.api.order.place.mutate({ shopId: shop.shopId, items });
    log.answerMs.push(nowMs() - sentAtMs);
    log.placed.push({ orderId: order.id, shopId: shop.shopId, sentAtMs, wireSentAtMs: buyer.orderSends[call] });
  } catch (err) {
    log.failed++;
    if (log.failureSamples.length < 5) log.failureSamples.push(describeError(err));
  }
}

/** The message with its cause chain: "fetch failed" alone does not say whether the socket was reset or refused. */
export function describeError(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    if (current instanceof Error) {
      const code = (current as Error & { code?: unknown }).code;
      parts.push(`${current.name}: ${current.message}${typeof code === 'string' ? ` [${code}]` : ''}`);
      current = current.cause;
    } else {
      parts.push(typeof current === 'string' ? current : JSON.stringify(current));
      break;
    }
  }
  return parts.join(' <- ');
}

/** `count` dashboards spread evenly over `shops`, each signed in as its shop's seller. */
export function dashboardSpecs(shops: readonly SellerShop[], perShop: number): DashboardSpec[] {
  const specs: DashboardSpec[] = [];
  for (let d = 0; d < perShop; d++) {
    for (const shop of shops) specs.push({ key: specs.length, shopId: shop.shopId, token: shop.sellerToken });
  }
  return specs;
}

export interface ProcWindow {
  server: ProcSample;
  main: ProcSample;
  workers: ProcSample[];
  machineBusyMicros: number;
  atMs: number;
}

export function sampleAll(server: DeploymentHandle, fleet: DashboardFleet, ticks: number): ProcWindow {
  return {
    server: sampleServers(server, ticks),
    main: sampleProc(process.pid, ticks),
    workers: fleet.pids.map((pid) => sampleProc(pid, ticks)),
    machineBusyMicros: machineBusyMicros(ticks),
    atMs: nowMs(),
  };
}

/** Every instance of the deployment as one: CPU and memory summed, so figures per order stay comparable. */
export function sampleServers(server: DeploymentHandle, ticks: number): ProcSample {
  return server.pids
    .map((pid) => sampleProc(pid, ticks))
    .reduce((a, b) => ({ rssKb: a.rssKb + b.rssKb, cpuMicros: a.cpuMicros + b.cpuMicros }));
}

export interface CpuFigures {
  serverCpuMs: number;
  serverCores: number;
  loadMainCores: number;
  loadWorkerCores: number;
  loadCores: number;
  /** Cores busy with anything else on the machine: noise that the figures cannot account for. */
  otherCores: number;
  wallMs: number;
}

export function cpuBetween(a: ProcWindow, b: ProcWindow): CpuFigures {
  const wallMs = b.atMs - a.atMs;
  const loadMainCores = coreShare(a.main, b.main, wallMs);
  const loadWorkerCores = a.workers.reduce((acc, w, i) => acc + coreShare(w, b.workers[i] ?? w, wallMs), 0);
  const serverCores = coreShare(a.server, b.server, wallMs);
  const machineCores = wallMs > 0 ? (b.machineBusyMicros - a.machineBusyMicros) / 1000 / wallMs : Number.NaN;
  return {
    serverCpuMs: (b.server.cpuMicros - a.server.cpuMicros) / 1000,
    serverCores,
    loadMainCores,
    loadWorkerCores,
    loadCores: loadMainCores + loadWorkerCores,
    otherCores: Math.max(0, machineCores - serverCores - loadMainCores - loadWorkerCores),
    wallMs,
  };
}

export function expectedDeliveries(placed: readonly PlacedOrder[], dashboardsPerShop: ReadonlyMap<string, number>): number {
  return placed.reduce((acc, o) => acc + (dashboardsPerShop.get(o.shopId) ?? 0), 0);
}

export function perShopCounts(specs: readonly DashboardSpec[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of specs) counts.set(s.shopId, (counts.get(s.shopId) ?? 0) + 1);
  return counts;
}

export function checksFrom(result: AuditResult, collected: Collected, orders: OrderLog, openFailures: number, server: DeploymentHandle): Checks {
  return {
    lost: result.lost,
    duplicated: result.duplicated,
    misrouted: result.misrouted,
    unknownOrders: result.unknown,
    failedOrders: orders.failed,
    subscriptionErrors: collected.counts.errors,
    reconnects: collected.counts.disconnects,
    openFailures,
    serverErrorLogs: server.errorLines().length,
  };
}

export function notesFrom(collected: Collected, orders: OrderLog, server: DeploymentHandle, open: { firstError: string | null }): string[] {
  return [
    ...(open.firstError ? [`open failure: ${open.firstError}`] : []),
    ...orders.failureSamples.map((m) => `order failed: ${m}`),
    ...collected.errorSamples.map((m) => `subscription error: ${m}`),
    ...server.errorLines().slice(0, 5).map((l) => `server error log: ${l.slice(0, 500)}`),
  ];
}

/** Starts the deployment (env.deployment) and a dashboard fleet, hands them to `body`, and always stops both. */
export async function withServerAndFleet<T>(
  env: BenchEnv,
  workerCount: number,
  runTag: string,
  body: (server: DeploymentHandle, fleet: DashboardFleet) => Promise<T>,
): Promise<T> {
  const server = await startDeployment(env.deployment, { entry: env.serverEntry, cwd: env.cwd, fdLimit: env.fdLimit, logLevel: env.logLevel, nodeArgs: env.serverNodeArgs }, runTag);
  let fleet: DashboardFleet | undefined;
  try {
    fleet = await startFleet(workerCount, env.fdLimit, env.dashboardClient);
    return await body(server, fleet);
  } finally {
    await fleet?.close().catch((err: unknown) => env.log(`fleet close failed: ${String(err)}`));
    await server.stop();
  }
}

export const DUPLICATE_GRACE_MS = 250;

/** Lets in-flight deliveries and the server's bookkeeping settle before a reading. */
export const settle = sleep;

/** Descriptors kept free beyond the sockets: database, WAL, log pipes, the buyers' connections. */
const FD_MARGIN = 64;

/**
 * Fails before connecting when a process cannot hold `sockets` more descriptors: running into
 * EMFILE half-way shows up as slow, failing handshakes instead of a clear reason.
 * Returns the process's limit, for the report.
 */
export function assertFdHeadroom(pid: number, sockets: number, who: string): number {
  const limit = openFilesLimit(pid);
  const held = openFdCount(pid);
  if (held + sockets + FD_MARGIN > limit) {
    throw new Error(
      `${who} (pid ${pid}) may open only ${limit} files (the raise to the wanted limit was capped by the hard limit, ulimit -Hn) ` +
        `and already holds ${held}; ${sockets} more sockets do not fit. Use at most ${Math.max(0, limit - held - FD_MARGIN)} ` +
        `or raise the hard open-files limit (root with CAP_SYS_RESOURCE, or limits.conf / systemd LimitNOFILE).`,
    );
  }
  return limit;
}

/**
 * PostgreSQL's serialization retries (`shopwire_commit_retries_total`, every SQLSTATE) summed over
 * every instance: what a retry storm costs shows as CPU per order, this says whether that is it.
 * SQLite never retries, so it reads 0 there.
 */
export async function commitRetries(urls: readonly string[]): Promise<number> {
  let total = 0;
  for (const url of urls) {
    const text = await (await fetch(`${url}/metrics`)).text();
    for (const line of text.split('\n')) {
      if (line.startsWith('shopwire_commit_retries_total')) total += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return total;
}
