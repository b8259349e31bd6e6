import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Collected, Counts, DashboardClientKind, DashboardSpec, OpenResult, WorkerRequest, WorkerResponse, WorkerResult } from './protocol.js';
import { nowMs, sleep, spawnNodeWithFdLimit, stopChild } from './proc.js';

type Pending = Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>;
type RequestBody = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

interface WorkerHandle {
  child: ChildProcess;
  call<K extends WorkerRequest['type']>(body: Extract<RequestBody, { type: K }>): Promise<WorkerResult[K]>;
}

export interface DashboardFleet {
  pids: readonly number[];
  /** Several URLs (instances): dashboard j connects to `urls[j % urls.length]`. */
  open(urls: string | readonly string[], specs: readonly DashboardSpec[], batchSize: number): Promise<OpenResult>;
  counts(): Promise<Counts>;
  /** Resolves when `expectedNewOrders` receipts have arrived in total, or after `timeoutMs`. */
  waitForNewOrders(expectedNewOrders: number, timeoutMs: number): Promise<Counts>;
  /** reset: hand over the receipts so far and start the records empty (see protocol.ts). */
  collect(reset?: boolean): Promise<Collected>;
  close(): Promise<void>;
}

function startWorker(fdLimit: number): WorkerHandle {
  const entry = fileURLToPath(new URL('./dashboardWorker.js', import.meta.url));
  // BENCH_WORKER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the dashboard workers (the load side).
  const nodeArgs = (process.env['BENCH_WORKER_NODE_ARGS'] ?? '').split(/\s+/).filter(Boolean);
  const child = spawnNodeWithFdLimit([...nodeArgs, entry], { fdLimit, env: process.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending: Pending = new Map();
  let nextId = 1;
  child.on('message', (message: WorkerResponse) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.ok) waiter.resolve(message.result);
    else waiter.reject(new Error(`dashboard worker: ${message.error}`));
  });
  let exited: Error | null = null;
  child.once('exit', (code, signal) => {
    exited = new Error(`dashboard worker exited (code ${code}, signal ${signal})`);
    for (const waiter of pending.values()) waiter.reject(exited);
    pending.clear();
  });
  return {
    child,
    call(body) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        // A dead worker must fail the scenario at once, not leave the bench waiting for an answer.
        if (exited) return reject(exited);
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ ...body, id }, (err) => {
          if (!err) return;
          pending.delete(id);
          reject(err);
        });
      });
    },
  };
}

/** Dashboards spread over `workerCount` processes; each process opens its share concurrently, with `client`. */
export async function startFleet(workerCount: number, fdLimit: number, client: DashboardClientKind): Promise<DashboardFleet> {
  const workers = Array.from({ length: Math.max(1, workerCount) }, () => startWorker(fdLimit));
  await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
    w.child.once('spawn', () => resolve());
    w.child.once('error', reject);
  })));
  const counts = async (): Promise<Counts> => {
    const all = await Promise.all(workers.map((w) => w.call({ type: 'count' })));
    return all.reduce(addCounts, emptyCounts());
  };
  return {
    pids: workers.map((w) => w.child.pid ?? -1),
    async open(urls, specs, batchSize) {
      const list = typeof urls === 'string' ? [urls] : urls;
      const perWorkerBatch = Math.max(1, Math.ceil(batchSize / workers.length));
      const results: OpenResult[] = [];
      for (const [u, url] of list.entries()) {
        const forUrl = specs.filter((_, j) => j % list.length === u);
        const shares = workers.map((_, i) => forUrl.filter((_, j) => j % workers.length === i));
        results.push(...(await Promise.all(workers.map((w, i) => w.call({ type: 'open', url, specs: shares[i] ?? [], batchSize: perWorkerBatch, client })))));
      }
      return results.reduce(
        (acc, r) => ({ opened: acc.opened + r.opened, failed: acc.failed + r.failed, firstError: acc.firstError ?? r.firstError }),
        { opened: 0, failed: 0, firstError: null },
      );
    },
    counts,
    async waitForNewOrders(expected, timeoutMs) {
      const deadline = nowMs() + timeoutMs;
      for (;;) {
        const c = await counts();
        if (c.newOrders >= expected || nowMs() >= deadline) return c;
        await sleep(25);
      }
    },
    async collect(reset = false) {
      const parts = await Promise.all(workers.map((w) => w.call({ type: 'collect', reset })));
      return {
        dashboards: parts.flatMap((p) => p.dashboards),
        loopDelay: {
          p99Ms: Math.max(...parts.map((p) => p.loopDelay.p99Ms)),
          maxMs: Math.max(...parts.map((p) => p.loopDelay.maxMs)),
        },
        counts: parts.map((p) => p.counts).reduce(addCounts, emptyCounts()),
        errorSamples: parts.flatMap((p) => p.errorSamples),
      };
    },
    async close() {
      await Promise.all(
        workers.map(async (w) => {
          await Promise.race([w.call({ type: 'close' }).catch(() => null), sleep(10_000)]);
          await stopChild(w.child, 3000);
        }),
      );
    },
  };
}

function emptyCounts(): Counts {
  return { newOrders: 0, events: 0, errors: 0, disconnects: 0 };
}

function addCounts(a: Counts, b: Counts): Counts {
  return { newOrders: a.newOrders + b.newOrders, events: a.events + b.events, errors: a.errors + b.errors, disconnects: a.disconnects + b.disconnects };
}
