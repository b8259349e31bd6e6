import { z } from 'zod';
import { parseAllowedOrigins } from './http/origins.js';

// Longer sign-ins are a risk more than a convenience; it also keeps expiry timers to a few steps (timers.ts).
const ONE_YEAR_SECONDS = 365 * 24 * 3600;

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('./data/shopwire.sqlite'),
  // Set: PostgreSQL instead of the SQLite file (DATABASE_PATH is then unused); several instances may share it.
  DATABASE_URL: z
    .string()
    .optional()
    .refine((url) => url === undefined || isPostgresUrl(url), 'DATABASE_URL must be a PostgreSQL URL: postgres://user:password@host:5432/database'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(1000).default(10),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
  TOKEN_TTL_SECONDS: z.coerce.number().int().min(1).max(ONE_YEAR_SECONDS, `TOKEN_TTL_SECONDS must be at most ${ONE_YEAR_SECONDS} seconds (one year)`).default(7 * 24 * 3600),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEED_DEMO: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  STATIC_DIR: z.string().min(1).default('./dist/client'),
  MAX_SUBSCRIBER_QUEUE: z.coerce.number().int().min(1).default(1000),
  MAX_SUBSCRIBER_BUFFER_BYTES: z.coerce.number().int().min(1024).default(4 * 1024 * 1024),
  SQLITE_CACHE_MB: z.coerce.number().int().min(1).max(65536).default(64),
  EVENT_RETENTION_DAYS: z.coerce.number().min(0.001).max(36500).default(30),
  CALLS_PER_SECOND: z.coerce.number().min(0).default(50),
  CALL_BURST: z.coerce.number().int().min(1).default(100),
  MAX_SUBSCRIPTIONS_PER_CONNECTION: z.coerce.number().int().min(0).default(100),
  MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(0).default(200),
  MAX_CONNECTIONS: z.coerce.number().int().min(0).default(20_000),
  WS_PING_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
  WS_PONG_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  WS_COMPRESS_MIN_BYTES: z.coerce.number().int().min(0).default(0),
  // The HTTP edge (transport/http.ts, http/).
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  ALLOWED_ORIGINS: z.string().optional().transform((text, ctx) => {
    try {
      return parseAllowedOrigins(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
      return z.NEVER;
    }
  }),
  TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  // A closed connection leaves the presence counts this long after (CONTRACT: within 15 s); a reconnect within it does not flicker them.
  PRESENCE_GRACE_MS: z.coerce.number().int().min(0).max(15_000, 'PRESENCE_GRACE_MS must be at most 15000 (a closed connection leaves the counts within 15 s)').default(10_000),
  PRESENCE_REPORTS_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  // Unset: account roles are left as they are (the demo's admin stays one). Set (even empty): exactly these are admins.
  ADMIN_EMAILS: z
    .string()
    .optional()
    .transform((v) => (v === undefined ? null : v.split(',').map((e) => e.trim().toLowerCase()).filter((e) => e.length > 0))),
  // A booking's buyer is reminded this long before it starts (CONTRACT "Catalog and stock operations").
  BOOKING_REMINDER_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(60),
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  // Messages from other services over RabbitMQ (src/server/ingest); unset, nothing of it starts.
  INGEST_AMQP_URL: z
    .string()
    .optional()
    .refine((url) => url === undefined || isAmqpUrl(url), 'INGEST_AMQP_URL must be an amqp:// or amqps:// URL, like amqp://user:password@127.0.0.1:5672'),
  INGEST_EXCHANGE: z.string().min(1).max(200).default('shopwire.ingest'),
  INGEST_QUEUE: z.string().min(1).max(200).default('shopwire.ingest'),
  INGEST_PREFETCH: z.coerce.number().int().min(1).max(1000).default(32),
  // Payments (payments/): who takes the money, and how long an unpaid order holds its stock (fractions allowed: 0.5 is 30 s).
  PAYMENT_PROVIDER: z.enum(['test']).default('test'),
  UNPAID_ORDER_MINUTES: z.coerce.number().positive().max(7 * 24 * 60).default(30),
  // Several instances (cluster/): the broker between them; unset, the in-process bus (one instance).
  BUS_URL: z
    .string()
    .optional()
    .superRefine((url, ctx) => {
      if (url === undefined) return;
      const scheme = urlScheme(url);
      if (scheme === 'nats:') ctx.addIssue({ code: 'custom', message: 'BUS_URL: NATS is not supported yet; use Redis (redis://host:6379)' });
      else if (scheme !== 'redis:' && scheme !== 'rediss:') ctx.addIssue({ code: 'custom', message: 'BUS_URL must be a Redis URL, like redis://127.0.0.1:6379' });
    }),
  // Several clusters (or test runs) may share one Redis: each keeps its keys under its own prefix.
  BUS_KEY_PREFIX: z.string().min(1).max(100).default('shopwire:'),
}).superRefine((env, ctx) => {
  // Instances that share a broker must share the log it relays: one SQLite file is one process's.
  if (env.BUS_URL !== undefined && env.DATABASE_URL === undefined) {
    ctx.addIssue({ code: 'custom', path: ['BUS_URL'], message: 'BUS_URL needs DATABASE_URL (PostgreSQL): instances that share a broker must share one database' });
  }
});

function urlScheme(text: string): string | null {
  try {
    return new URL(text).protocol;
  } catch {
    return null;
  }
}

function isPostgresUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:');
  } catch {
    return false;
  }
}

function isAmqpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'amqp:' || url.protocol === 'amqps:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export type Config = Readonly<z.infer<typeof envSchema>>;

/** Validates the environment once; a bad variable stops start-up with the full list. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid environment:\n${problems}`);
  }
  return Object.freeze(parsed.data);
}
