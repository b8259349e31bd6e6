import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export interface RunningServer {
  url: string;
  port: number;
  /** SIGTERM and wait for the process to exit. */
  stop(): Promise<void>;
}

export interface TestServer {
  current: RunningServer;
  /** Stop the running server (if any) and start a fresh process on the same port and database. */
  restart(): Promise<RunningServer>;
  stop(): Promise<void>;
  dispose(): Promise<void>;
}

const READY = 'Shopwire ready at';

function launch(port: number, databasePath: string, extraEnv: Record<string, string>): Promise<RunningServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_PATH: databasePath,
      STATIC_DIR: resolve('dist/client'),
      LOG_LEVEL: 'info',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time\n${stderr.join('')}`)), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}\n${stderr.join('')}`));
    });
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      if (!line.includes(READY)) return;
      const { url } = JSON.parse(line) as { url: string };
      clearTimeout(timer);
      resolvePromise({ url, port: Number(new URL(url).port), stop: () => terminate(child) });
    });
  });
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.removeAllListeners('exit');
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

/** The real server in a child process, on a fresh temporary database seeded with the demo shop. */
export async function startTestServer(extraEnv: Record<string, string> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'shopwire-browser-'));
  const databasePath = join(dir, 'shopwire.sqlite');
  let current = await launch(0, databasePath, extraEnv);
  let stopped = false;
  const server: TestServer = {
    get current() {
      return current;
    },
    async restart() {
      await server.stop();
      current = await launch(current.port, databasePath, extraEnv);
      stopped = false;
      return current;
    },
    async stop() {
      if (!stopped) await current.stop();
      stopped = true;
    },
    async dispose() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}
