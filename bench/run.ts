/**
 * `npm run bench` — starts the built server as its own process per scenario run (fresh
 * database, PORT=0), drives it with the real typed client from this process (buyers)
 * and with forked dashboard workers (a lean raw-ws tRPC-protocol client by default,
 * the real one with --dashboards trpc), and prints a table of medians plus the full JSON.
 *
 *   npm run bench                       full run, 3 runs per scenario, both transports
 *   npm run bench -- --smoke            CI: tiny sizes, 1 run, still asserts zero loss
 *   npm run bench -- --runs 5 --transport ws --only a,b --json out.json
 *   npm run bench -- --only d --idle 20000   (d) with 20,000 idle subscribers, a worker per 5,000
 *   npm run bench -- --only f   (or --soak)  the 60 s soak, never part of the default or smoke run
 *   npm run bench -- --dashboards trpc      dashboards on the real @trpc/client instead of the lean raw-ws one
 *   npm run bench -- --cluster              (a), (b), (c) on 1 x SQLite, 1 x PostgreSQL, 3 x PostgreSQL + Redis
 *
 * Exit code 1 when any event was lost, duplicated or misrouted, an order failed, or a
 * run broke; 2 on bad arguments.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from './cli.js';
import { CHECK_KEYS, type BenchEnv, type Checks, type ScenarioRun } from './harness.js';
import { buildPlan, type PlannedScenario } from './plan.js';
import { clockTicksPerSecond } from './proc.js';
import { DASHBOARD_CLIENT_LABELS, renderReport, type ScenarioResult } from './report.js';
import { medianFigures, sumFigures } from './stats.js';

/** dist/bench/run.js -> the repository root, where dist/src/server/main.js sits. */
function repoRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

async function runScenario(env: BenchEnv, scenario: PlannedScenario, runs: number): Promise<ScenarioResult> {
  const done: ScenarioRun[] = [];
  const errors: string[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    env.log(`[bench] ${scenario.label} — run ${i + 1}/${runs}`);
    try {
      const run = await scenario.run(env, `${scenario.id}-${i}-${Date.now().toString(36)}`);
      done.push(run);
      const bad = CHECK_KEYS.filter((k) => run.checks[k] !== 0);
      env.log(`[bench]   done in ${((performance.now() - started) / 1000).toFixed(1)} s${bad.length ? `; NON-ZERO: ${bad.map((k) => `${k}=${run.checks[k]}`).join(', ')}` : ''}`);
    } catch (err) {
      const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
      errors.push(message);
      env.log(`[bench]   run failed: ${message}`);
    }
  }
  return {
    id: scenario.id,
    group: scenario.group,
    label: scenario.label,
    params: scenario.params,
    runs: done,
    errors,
    median: medianFigures(done.map((r) => r.figures)),
    checks: sumFigures(
      done.map((r) => ({ ...r.checks })),
      CHECK_KEYS,
    ) as unknown as Checks,
  };
}

/**
 * A fixed CPU-bound loop, timed. The same build measured 2,742 and 2,053 orders/s an hour apart
 * with no other process busy: the host's speed moved (this loop took 667 ms, then 882 ms). Printing
 * it beside the figures says whether two reports can be compared.
 */
function cpuGaugeMs(): number {
  const start = performance.now();
  let x = 0;
  for (let i = 0; i < 100_000_000; i++) x = (x + i) % 1_000_003;
  if (x < 0) throw new Error('unreachable');
  return performance.now() - start;
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  const root = repoRoot();
  const env: BenchEnv = {
    serverEntry: join(root, 'dist', 'src', 'server', 'main.js'),
    cwd: root,
    fdLimit: 65536,
    ticksPerSecond: clockTicksPerSecond(),
    // The ready line (the only place the PORT=0 address appears) is logged at info.
    logLevel: 'info',
    // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server without touching the load side.
    serverNodeArgs: (process.env['BENCH_SERVER_NODE_ARGS'] ?? '').split(/\s+/).filter(Boolean),
    connectBatch: 200,
    dashboardClient: opts.dashboards,
    deployment: 'sqlite',
    log: (line) => process.stderr.write(line + '\n'),
  };
  const started = performance.now();
  const speedBefore = cpuGaugeMs();
  const results: ScenarioResult[] = [];
  if (opts.smoke && opts.only.includes('f')) env.log('[bench] (f) soak skipped: it takes a minute, and --smoke keeps CI short');
  for (const scenario of buildPlan(opts)) results.push(await runScenario(env, scenario, opts.runs));
  const wallSeconds = (performance.now() - started) / 1000;
  const speedAfter = cpuGaugeMs();

  const failures = results.flatMap((r) => [
    ...CHECK_KEYS.filter((k) => r.checks[k] !== 0).map((k) => `${r.id}: ${k}=${r.checks[k]}`),
    ...(r.errors.length ? [`${r.id}: ${r.errors.length} run(s) failed`] : []),
  ]);
  const ok = failures.length === 0;
  const report = {
    ok,
    failures,
    wallSeconds,
    options: { ...opts },
    dashboardClient: DASHBOARD_CLIENT_LABELS[opts.dashboards],
    machine: { cpus: cpus().length, node: process.version, platform: process.platform, cpuGaugeMsBefore: speedBefore, cpuGaugeMsAfter: speedAfter },
    scenarios: results,
  };

  process.stdout.write(renderReport(results, opts.runs, opts.dashboards) + '\n');
  process.stdout.write(`CPU gauge (a fixed loop, lower is faster): ${speedBefore.toFixed(0)} ms before, ${speedAfter.toFixed(0)} ms after; compare runs only at similar values.\n`);
  process.stdout.write(`Wall time ${wallSeconds.toFixed(1)} s. ${ok ? 'OK: no event lost, duplicated or misrouted; no order failed.' : `FAILED: ${failures.join('; ')}`}\n`);
  const json = JSON.stringify(report, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2);
  if (opts.jsonPath) {
    writeFileSync(opts.jsonPath, json + '\n');
    process.stdout.write(`Full results written to ${opts.jsonPath}\n`);
  } else {
    process.stdout.write(json + '\n');
  }
  return ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
