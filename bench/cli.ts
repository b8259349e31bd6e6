import type { Transport } from './clients.js';
import { DEPLOYMENT_KINDS, type DeploymentKind } from './deployment.js';
import { DASHBOARD_CLIENT_KINDS, type DashboardClientKind } from './protocol.js';

export type ScenarioId = 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g';

const IDS: readonly ScenarioId[] = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

export interface CliOptions {
  runs: number;
  smoke: boolean;
  transports: Transport[];
  jsonPath: string | null;
  only: ScenarioId[];
  /** Idle subscribers for (d); null: the size of the run (5,000 full, 200 smoke). */
  idle: number | null;
  /** Length of the soak (f) in seconds. */
  soakSeconds: number;
  /** The dashboards' client: `lean` (raw ws, tRPC's protocol; the default) or `trpc` (the real @trpc/client). */
  dashboards: DashboardClientKind;
  /** What the server runs on; (a), (b) and (c) run once per entry, the rest only on sqlite. */
  deploy: DeploymentKind[];
}

const USAGE = `usage: npm run bench -- [--smoke] [--runs N] [--transport ws|http] [--json out.json] [--only a,b,c,d,e,f,g] [--idle N] [--soak] [--soak-seconds N] [--dashboards lean|trpc] [--deploy sqlite,pg,cluster] [--cluster]
  a  throughput, closed loop      b  fixed rate, delivery latency
  c  fan-out to one shop           d  memory per idle subscriber (--idle N of them, default 5000)
  e  fan-out ramp: raise the order rate until the last-dashboard p99 passes 200 ms
  g  presence: 1,000 visitors join and leave one shop while 20 sellers watch its live view
  f  soak: fan-out load for 60 s (--soak-seconds N), server RSS and JS heap every 5 s (only with --only f or --soak; never in --smoke)
  --dashboards lean (default): dashboards speak tRPC's WebSocket protocol over a raw ws socket, a JSON.parse
               per frame: about half the real client's CPU, so the load side limits the fan-out figures less
  --dashboards trpc: dashboards use the real @trpc/client (createShopwireClient, wsLink, superjson)
  --deploy     what the server runs on, a list: sqlite (default; one process), pg (one process on PostgreSQL,
               BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres; a database per run, dropped
               after), cluster (three processes on PostgreSQL with the Redis bus, BENCH_BUS_URL, default
               redis://127.0.0.1:6379; buyers and dashboards spread over the three). (a), (b) and (c) run on
               each; (d), (e), (f) and (g) only on sqlite
  --cluster    the same as --deploy sqlite,pg,cluster --only a,b,c --transport ws (each still overridable)`;

function intAtLeast(flag: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`${flag} must be ${min === 1 ? 'a positive integer' : `an integer of at least ${min}`}\n${USAGE}`);
  return n;
}

export function parseArgs(argv: readonly string[]): CliOptions {
  const opts: CliOptions = { runs: Number.NaN, smoke: false, transports: ['ws', 'http'], jsonPath: null, only: ['a', 'b', 'c', 'd', 'e', 'g'], idle: null, soakSeconds: 60, dashboards: 'lean', deploy: ['sqlite'] };
  let soak = false;
  let cluster = false;
  const given = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    given.add(flag);
    switch (flag) {
      case '--cluster':
        cluster = true;
        break;
      case '--deploy': {
        const kinds = value().split(',').map((s) => s.trim());
        if (!kinds.every((k): k is DeploymentKind => (DEPLOYMENT_KINDS as readonly string[]).includes(k))) throw new Error(`--deploy takes ${DEPLOYMENT_KINDS.join(',')}\n${USAGE}`);
        opts.deploy = [...new Set(kinds)];
        break;
      }
      case '--smoke':
        opts.smoke = true;
        break;
      case '--runs':
        opts.runs = intAtLeast(flag, value(), 1);
        break;
      case '--transport': {
        const t = value();
        if (t !== 'ws' && t !== 'http') throw new Error(`--transport must be ws or http\n${USAGE}`);
        opts.transports = [t];
        break;
      }
      case '--json':
        opts.jsonPath = value();
        break;
      case '--only': {
        const ids = value().split(',').map((s) => s.trim());
        if (!ids.every((s): s is ScenarioId => (IDS as readonly string[]).includes(s))) throw new Error(`--only takes ${IDS.join(',')}\n${USAGE}`);
        opts.only = ids;
        break;
      }
      case '--idle':
        opts.idle = intAtLeast(flag, value(), 1);
        break;
      case '--soak-seconds':
        opts.soakSeconds = intAtLeast(flag, value(), 5);
        soak = true;
        break;
      case '--soak':
        soak = true;
        break;
      case '--dashboards': {
        const d = value();
        if (!(DASHBOARD_CLIENT_KINDS as readonly string[]).includes(d)) throw new Error(`--dashboards must be ${DASHBOARD_CLIENT_KINDS.join(' or ')}\n${USAGE}`);
        opts.dashboards = d as DashboardClientKind;
        break;
      }
      case '--help':
      case '-h':
        throw new Error(USAGE);
      default:
        throw new Error(`unknown argument ${arg}\n${USAGE}`);
    }
  }
  if (cluster) {
    if (!given.has('--deploy')) opts.deploy = [...DEPLOYMENT_KINDS];
    if (!given.has('--only')) opts.only = ['a', 'b', 'c'];
    if (!given.has('--transport')) opts.transports = ['ws'];
  }
  if (Number.isNaN(opts.runs)) opts.runs = opts.smoke ? 1 : 3;
  if (soak && !opts.only.includes('f')) opts.only = [...opts.only, 'f'];
  return opts;
}
