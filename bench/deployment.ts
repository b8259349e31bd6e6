import pg from 'pg';
import { startServer, type ServerHandle, type ServerOptions } from './server.js';

/**
 * What the server runs on for a scenario (`--deploy`): the default single process on SQLite, one
 * process on PostgreSQL, or three processes sharing PostgreSQL and a Redis bus (DESIGN §9). The
 * scenarios see one handle either way; with several instances they spread buyers and dashboards
 * over `urls`, so most orders reach most dashboards through the broker hop.
 */
export type DeploymentKind = 'sqlite' | 'pg' | 'cluster';

export const DEPLOYMENT_KINDS: readonly DeploymentKind[] = ['sqlite', 'pg', 'cluster'];

export const DEPLOYMENT_LABELS: Record<DeploymentKind, string> = {
  sqlite: '1 x SQLite',
  pg: '1 x PostgreSQL',
  cluster: '3 x PostgreSQL + Redis',
};

const CLUSTER_SIZE = 3;

/** The machine's PostgreSQL and Redis (README "Several instances"); a run makes and drops its own database. */
function adminDatabaseUrl(): string {
  return process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

function busUrl(): string {
  return process.env['BENCH_BUS_URL'] ?? 'redis://127.0.0.1:6379';
}

export interface DeploymentHandle extends ServerHandle {
  /** Every instance's base URL; `url` is the first. */
  readonly urls: readonly string[];
  /** Every instance's process id; `pid` is the first. CPU and memory figures sum over them. */
  readonly pids: readonly number[];
}

export async function startDeployment(kind: DeploymentKind, opts: ServerOptions, runTag: string): Promise<DeploymentHandle> {
  if (kind === 'sqlite') return asDeployment([await startServer(opts)], async () => {});

  // The run tag is unique per run; PostgreSQL names take lower-case letters, digits and underscores.
  const database = `shopwire_bench_${runTag.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`.slice(0, 63);
  const admin = new pg.Client({ connectionString: adminDatabaseUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  const dropDatabase = async () => {
    const client = new pg.Client({ connectionString: adminDatabaseUrl() });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };
  const url = new URL(adminDatabaseUrl());
  url.pathname = `/${database}`;
  const extraEnv: Record<string, string> = { ...opts.extraEnv, DATABASE_URL: url.toString() };
  if (kind === 'cluster') Object.assign(extraEnv, { BUS_URL: busUrl(), BUS_KEY_PREFIX: `bench:${runTag}:` });

  const servers: ServerHandle[] = [];
  try {
    const count = kind === 'cluster' ? CLUSTER_SIZE : 1;
    // Started together, as a cluster comes up after a deploy: the migrations must cope (README).
    const started = await Promise.allSettled(Array.from({ length: count }, () => startServer({ ...opts, extraEnv })));
    for (const s of started) if (s.status === 'fulfilled') servers.push(s.value);
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (err) {
    await Promise.allSettled(servers.map((s) => s.stop()));
    await dropDatabase();
    throw err;
  }
  return asDeployment(servers, dropDatabase);
}

function asDeployment(servers: readonly ServerHandle[], afterStop: () => Promise<void>): DeploymentHandle {
  const [first] = servers;
  if (!first) throw new Error('a deployment needs at least one server');
  return {
    url: first.url,
    pid: first.pid,
    urls: servers.map((s) => s.url),
    pids: servers.map((s) => s.pid),
    errorLines: () => servers.flatMap((s) => s.errorLines()),
    async stop() {
      await Promise.allSettled(servers.map((s) => s.stop()));
      await afterStop();
    },
  };
}
