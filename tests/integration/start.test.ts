import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from '../support/database.js';
import { exited, freePort } from '../support/process.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

// A package of its own (this package.json, the node_modules, a fresh build of the server), so the
// test neither waits for the client build nor races anything using the checkout's dist/.
const dir = mkdtempSync(join(tmpdir(), 'shopwire-start-'));
const started: number[] = [];

beforeAll(async () => {
  copyFileSync(join(root, 'package.json'), join(dir, 'package.json'));
  symlinkSync(realpathSync(join(root, 'node_modules')), join(dir, 'node_modules'), 'dir');
  await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', join(dir, 'dist')]);
}, 180_000);

afterAll(() => {
  // Only if a test failed: whatever it left running is ours to end.
  for (const pid of started) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Every process below `pid`, from `ps` (the shell npm runs the script in, the node server). */
async function descendantsOf(pid: number): Promise<number[]> {
  const { stdout } = await run('ps', ['-A', '-o', 'pid=,ppid=']);
  const children = new Map<number, number[]>();
  for (const line of stdout.trim().split('\n')) {
    const [child, parent] = line.trim().split(/\s+/).map(Number) as [number, number];
    children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const found: number[] = [];
  const walk = (p: number) => (children.get(p) ?? []).forEach((c) => (found.push(c), walk(c)));
  walk(pid);
  return found;
}

async function portIsFree(port: number): Promise<boolean> {
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

it('npm start runs the same command as npm run serve after building, so the stop below holds for both', () => {
  expect(scripts['start']).toBe(`npm run build && ${scripts['serve']}`);
});

it.each(['SIGTERM', 'SIGINT'] as const)('npm run serve stops on %s sent to npm alone: the server shuts down cleanly and frees its port', async (signal) => {
  const port = await freePort();
  await using database = await createTestDatabase({ dir: mkdtempSync(join(dir, `${signal}-`)) });
  const env = { ...process.env, PORT: String(port), ...database.env, SEED_DEMO: 'false', LOG_LEVEL: 'info', STATIC_DIR: join(dir, 'no-client') };
  const npm = spawn('npm', ['run', 'serve'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (npm.pid === undefined) throw new Error('npm did not start');
  started.push(npm.pid);
  const lines: string[] = [];
  let stderr = '';
  npm.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    createInterface({ input: npm.stdout }).on('line', (line) => {
      lines.push(line);
      if (line.includes('Shopwire ready')) resolve();
    });
    npm.once('exit', (code) => reject(new Error(`npm exited with ${code} before the server was ready: ${stderr}`)));
  });
  await ready;
  const tree = await descendantsOf(npm.pid);
  started.push(...tree);
  expect(await portIsFree(port)).toBe(false);

  // What a process manager (or `kill`) does: the signal reaches npm, not its process group.
  npm.kill(signal);
  expect(await exited(npm)).toEqual({ code: 0, signal: null });

  expect(tree.filter(isAlive)).toEqual([]);
  expect(await portIsFree(port)).toBe(true);
  expect(lines.some((line) => line.includes('"shutting down"') && line.includes(signal))).toBe(true);
});
