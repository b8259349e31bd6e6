import { WebSocket, type RawData } from 'ws';
import { setupShops } from '../clients.js';
import type { BenchEnv, Checks, ScenarioRun } from '../harness.js';
import { nowMs, sampleProc, sleep } from '../proc.js';
import { startServer } from '../server.js';
import { distribution } from '../stats.js';

export interface PresenceParams {
  visitors: number;
  watchers: number;
  /** Joins (then leaves) per second, paced, so a step's delay is not its queue behind the others. */
  ratePerSec: number;
  deliveryTimeoutMs: number;
}

interface Socket {
  ws: WebSocket;
  opened: Promise<void>;
  errors: string[];
}

/** A raw tRPC WebSocket client (as bench/leanDashboard.ts) that subscribes to one procedure. */
function subscribe(url: string, token: string | null, path: string, input: unknown, onData: (payload: unknown, at: number) => void): Socket {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/trpc?connectionParams=1`);
  const errors: string[] = [];
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => {
      ws.send(JSON.stringify({ method: 'connectionParams', data: token ? { token } : {} }));
      ws.send(JSON.stringify({ id: 1, method: 'subscription', params: { input: { json: input }, path } }));
    });
    ws.once('error', reject);
    ws.on('message', (raw: RawData) => {
      const at = nowMs();
      const text = (raw as Buffer).toString('utf8');
      if (text === 'PING') return void ws.send('PONG');
      const message = JSON.parse(text) as { id?: unknown; error?: unknown; result?: { type?: string; data?: { json?: unknown } } };
      if (message.error !== undefined) errors.push(JSON.stringify(message.error).slice(0, 300));
      if (message.result?.type === 'started') resolve();
      if (message.result?.type === 'data') onData(message.result.data?.json, at);
    });
  });
  return { ws, opened, errors };
}

function closed(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    ws.once('close', () => resolve());
    ws.close();
  });
}

/**
 * Scenario (g): `visitors` anonymous storefronts open presence.visit on one shop one after another
 * at `ratePerSec`, then close one after another, while `watchers` seller tabs follow its live view
 * (presence.onShop). Per step k (the k-th join or leave), the delay is from the client's send (or
 * close) until the LAST watcher has seen a visitor count that includes it. Server CPU is divided
 * by the 2 x visitors presence changes. The grace is 0 here, so a leave is a change at once.
 */
export async function runPresenceScenario(env: BenchEnv, p: PresenceParams, runTag: string): Promise<ScenarioRun> {
  const server = await startServer({
    entry: env.serverEntry,
    cwd: env.cwd,
    fdLimit: env.fdLimit,
    logLevel: env.logLevel,
    nodeArgs: env.serverNodeArgs,
    extraEnv: { PRESENCE_GRACE_MS: '0' },
  });
  const sockets: Socket[] = [];
  try {
    const [shop] = await setupShops(server.url, 1, runTag, 1);
    if (!shop) throw new Error('setup produced no shop');
    // For each watcher, when it first saw a count >= k (joining) and <= k (leaving).
    const seenUp = Array.from({ length: p.watchers }, () => new Array<number>(p.visitors + 1).fill(Number.NaN));
    const seenDown = Array.from({ length: p.watchers }, () => new Array<number>(p.visitors + 1).fill(Number.NaN));
    let phase: 'up' | 'down' = 'up';
    const watchers = seenUp.map((up, w) =>
      subscribe(server.url, shop.sellerToken, 'presence.onShop', { shopId: shop.shopId }, (payload, at) => {
        const event = payload as { type?: string; visitors?: number };
        if (typeof event.visitors !== 'number') return;
        if (phase === 'up') for (let k = 0; k <= event.visitors; k++) up[k] = Number.isNaN(up[k] ?? Number.NaN) ? at : (up[k] ?? at);
        else {
          const down = seenDown[w] ?? [];
          for (let k = event.visitors; k <= p.visitors; k++) if (Number.isNaN(down[k] ?? Number.NaN)) down[k] = at;
        }
      }),
    );
    sockets.push(...watchers);
    await Promise.all(watchers.map((w) => w.opened));

    const gapMs = 1000 / p.ratePerSec;
    const sentUp: number[] = [];
    const visitors: Socket[] = [];
    let received = 0;
    const before = sampleProc(server.pid, env.ticksPerSecond);
    const start = nowMs();
    for (let k = 1; k <= p.visitors; k++) {
      const wait = start + k * gapMs - nowMs();
      if (wait > 0) await sleep(wait);
      sentUp[k] = nowMs();
      // The visitors' own figures are read only as bytes: they are the fan-out this costs, not the measure.
      const v = subscribe(server.url, null, 'presence.visit', { shopId: shop.shopId }, () => void received++);
      visitors.push(v);
      sockets.push(v);
    }
    await Promise.all(visitors.map((v) => v.opened));
    const everyoneSaw = async (seen: number[][], k: number) => {
      const deadline = nowMs() + p.deliveryTimeoutMs;
      while (seen.some((s) => Number.isNaN(s[k] ?? Number.NaN)) && nowMs() < deadline) await sleep(20);
    };
    await everyoneSaw(seenUp, p.visitors);
    const mid = sampleProc(server.pid, env.ticksPerSecond);

    phase = 'down';
    const sentDown: number[] = [];
    const leaveStart = nowMs();
    for (let i = 0; i < visitors.length; i++) {
      const wait = leaveStart + (i + 1) * gapMs - nowMs();
      if (wait > 0) await sleep(wait);
      // After i + 1 closes, the count is visitors - i - 1.
      sentDown[p.visitors - i - 1] = nowMs();
      visitors[i]?.ws.close();
    }
    await everyoneSaw(seenDown, 0);
    const after = sampleProc(server.pid, env.ticksPerSecond);

    const delays = (seen: number[][], sent: number[], ks: number[]) => {
      const out: number[] = [];
      let missing = 0;
      for (const k of ks) {
        const last = Math.max(...seen.map((s) => s[k] ?? Number.NaN));
        if (Number.isNaN(last)) missing++;
        else out.push(Math.max(0, last - (sent[k] ?? last)));
      }
      return { out, missing };
    };
    const ks = Array.from({ length: p.visitors }, (_, i) => i + 1);
    const up = delays(seenUp, sentUp, ks);
    const down = delays(seenDown, sentDown, ks.map((k) => k - 1));
    const joinDist = distribution(up.out);
    const leaveDist = distribution(down.out);
    const cpuMs = (a: typeof before, b: typeof before) => (b.cpuMicros - a.cpuMicros) / 1000;
    const errors = sockets.reduce((n, s) => n + s.errors.length, 0);
    const checks: Checks = {
      lost: up.missing + down.missing,
      duplicated: 0,
      misrouted: 0,
      unknownOrders: 0,
      failedOrders: 0,
      subscriptionErrors: errors,
      reconnects: 0,
      openFailures: 0,
      serverErrorLogs: server.errorLines().length,
    };
    return {
      figures: {
        visitors: p.visitors,
        watchers: p.watchers,
        changes: 2 * p.visitors,
        joinLastP50Ms: joinDist.p50,
        joinLastP99Ms: joinDist.p99,
        leaveLastP50Ms: leaveDist.p50,
        leaveLastP99Ms: leaveDist.p99,
        serverCpuUsPerJoin: (cpuMs(before, mid) * 1000) / p.visitors,
        serverCpuUsPerLeave: (cpuMs(mid, after) * 1000) / p.visitors,
        serverCpuUsPerChange: (cpuMs(before, after) * 1000) / (2 * p.visitors),
        visitorFramesReceived: received,
      },
      checks,
      notes: sockets.flatMap((s) => s.errors).slice(0, 5),
    };
  } finally {
    await Promise.allSettled(sockets.map((s) => closed(s.ws)));
    await server.stop();
  }
}
