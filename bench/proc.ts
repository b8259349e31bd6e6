import { execFileSync, spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface ProcSample {
  /** Resident set size in KiB (VmRSS). */
  rssKb: number;
  /** utime + stime, in microseconds. */
  cpuMicros: number;
}

/** Clock ticks per second for /proc/<pid>/stat; read once by the caller and passed around. */
export function clockTicksPerSecond(): number {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(value) && value > 0 ? value : 100;
  } catch {
    return 100;
  }
}

export function sampleProc(pid: number, ticksPerSecond: number): ProcSample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rss = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces and parentheses; fields after the last ')' are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 (utime, stime) are at index 11 and 12 after removing pid and comm.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { rssKb: rss ? Number(rss[1]) : Number.NaN, cpuMicros: (ticks / ticksPerSecond) * 1e6 };
}

/** Busy CPU time of the whole machine (all processes, all cores), in microseconds, from /proc/stat. */
export function machineBusyMicros(ticksPerSecond: number): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const [, ...values] = line.trim().split(/\s+/);
  const ticks = values.map(Number);
  // user nice system idle iowait irq softirq steal: idle and iowait are not work.
  const busy = ticks.slice(0, 8).reduce((acc, v, i) => (i === 3 || i === 4 ? acc : acc + (Number.isFinite(v) ? v : 0)), 0);
  return (busy / ticksPerSecond) * 1e6;
}

/** CPU used between two samples as a fraction of one core over `wallMs`. */
export function coreShare(before: ProcSample, after: ProcSample, wallMs: number): number {
  return wallMs > 0 ? (after.cpuMicros - before.cpuMicros) / 1000 / wallMs : Number.NaN;
}

/**
 * Runs `node <args>` under a raised open-files limit. Many sockets per process need
 * thousands of descriptors; `exec` keeps the pid the node process's own.
 */
export function spawnNodeWithFdLimit(
  nodeArgs: readonly string[],
  opts: { fdLimit: number; env: NodeJS.ProcessEnv; stdio: StdioOptions; cwd?: string },
): ChildProcess {
  const quoted = [process.execPath, ...nodeArgs].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const script = `ulimit -n ${opts.fdLimit} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec ${quoted}`;
  return spawn('bash', ['-c', script], { env: opts.env, stdio: opts.stdio, cwd: opts.cwd });
}

export function nowMs(): number {
  // CLOCK_MONOTONIC is shared by every process on the machine, so send and receipt
  // times taken in different load processes compare directly.
  return Number(process.hrtime.bigint()) / 1e6;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** SIGTERM, then SIGKILL if it does not go in time. */
export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  if (await waitForExit(child, graceMs)) return;
  child.kill('SIGKILL');
  await waitForExit(child, 2000);
}

export interface LoopDelay {
  p99Ms: number;
  maxMs: number;
}

/**
 * Event-loop delay of this process from now until the returned function is called: a load
 * process whose loop stalls is measuring itself, not the server.
 */
export function startLoopMonitor(): () => LoopDelay {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  return () => {
    histogram.disable();
    return { p99Ms: histogram.percentile(99) / 1e6, maxMs: histogram.max / 1e6 };
  };
}

/** The soft open-files limit a running process actually got (the hard limit may have capped the raise). */
export function openFilesLimit(pid: number): number {
  const limits = readFileSync(`/proc/${pid}/limits`, 'utf8');
  const m = /^Max open files\s+(\d+|unlimited)/m.exec(limits);
  if (!m) return Number.NaN;
  return m[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(m[1]);
}

/** Descriptors a process holds right now. */
export function openFdCount(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}
