import { type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { spawnNodeWithFdLimit, stopChild } from './proc.js';

export interface ServerHandle {
  url: string;
  pid: number;
  /** Log lines at level error or above seen so far (pino levels >= 50). */
  errorLines(): readonly string[];
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** Path to the built entry, dist/src/server/main.js. */
  entry: string;
  cwd: string;
  fdLimit: number;
  logLevel: 'info' | 'warn';
  /** Extra node flags for the server only, e.g. --cpu-prof when profiling. */
  nodeArgs: readonly string[];
  readyTimeoutMs?: number;
  /** Variables a scenario sets on top of these (e.g. PRESENCE_GRACE_MS). */
  extraEnv?: Record<string, string>;
}

/**
 * Starts the server the way `npm start` would (its own process, built output, env
 * config) on a fresh database and a free port, and resolves once its ready line
 * names the URL.
 */
export async function startServer(opts: ServerOptions): Promise<ServerHandle> {
  const dir = mkdtempSync(join(tmpdir(), 'shopwire-bench-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_PATH: join(dir, 'bench.sqlite'),
    SEED_DEMO: 'false',
    LOG_LEVEL: opts.logLevel,
    NODE_ENV: 'production',
    // The load comes from one address over few connections: the per-caller limits would be the thing measured.
    CALLS_PER_SECOND: '0',
    MAX_CONNECTIONS_PER_ADDRESS: '0',
    MAX_CONNECTIONS: '0',
    ...opts.extraEnv,
  };
  const child: ChildProcess = spawnNodeWithFdLimit([...opts.nodeArgs, opts.entry], {
    fdLimit: opts.fdLimit,
    env,
    cwd: opts.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const errors: string[] = [];
  const stderrTail: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail.push(chunk.toString());
    if (stderrTail.length > 50) stderrTail.shift();
  });

  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready in time; stderr: ${stderrTail.join('')}`)), opts.readyTimeoutMs ?? 20_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited before ready (code ${code}, signal ${signal}); stderr: ${stderrTail.join('')}`));
    });
    if (!child.stdout) throw new Error('server stdout not piped');
    // Keep reading stdout for the whole life of the server so the pipe never fills up and stalls it.
    createInterface({ input: child.stdout }).on('line', (line) => {
      const entry = parseLogLine(line);
      if (!entry) return;
      if (typeof entry.level === 'number' && entry.level >= 50) errors.push(line);
      if (typeof entry.url === 'string' && typeof entry.msg === 'string' && entry.msg.startsWith('Shopwire ready')) {
        clearTimeout(timer);
        resolve(entry.url);
      }
    });
  }).catch(async (err: unknown) => {
    await stopChild(child);
    cleanup();
    throw err;
  });

  if (child.pid === undefined) throw new Error('server has no pid');
  const pid = child.pid;
  return {
    url,
    pid,
    errorLines: () => errors,
    async stop() {
      await stopChild(child);
      cleanup();
    },
  };
}

function parseLogLine(line: string): { level?: unknown; url?: unknown; msg?: unknown } | null {
  if (!line.startsWith('{')) return null;
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null ? (parsed) : null;
  } catch {
    return null;
  }
}
