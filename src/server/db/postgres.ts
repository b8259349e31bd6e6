import pg from 'pg';
import { CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import type { Database } from './schema.js';

/** PostgreSQL's error codes that mean "run the same transaction again" rather than "this change is wrong". */
const RETRYABLE = new Set(['40001' /* serialization_failure */, '40P01' /* deadlock_detected */]);

export function isRetryable(error: unknown): boolean {
  return RETRYABLE.has(pgErrorCode(error) ?? '');
}

export function pgErrorCode(error: unknown): string | undefined {
  return error instanceof pg.DatabaseError ? error.code : undefined;
}

/**
 * bigint (ids, ms timestamps, count(*), sum of integers) and numeric (sum of bigints) come back
 * from pg as strings, so that nothing past 2^53 loses digits. Ours never get near that, and the
 * code compares and sorts them as numbers, as SQLite hands them over: parse them here, for this
 * pool only (pg.types is process-wide), and refuse loudly rather than round an integer past 2^53
 * (a fractional numeric, from an average say, is a plain JS number as SQLite's REAL would be).
 */
const INT8 = 20;
const NUMERIC = 1700;
function toNumber(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`${text} from PostgreSQL is not a safe integer`);
  return value;
}
function numericToNumber(text: string): number {
  return /^-?\d+$/.test(text) ? toNumber(text) : Number(text);
}
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown => {
    if (oid === INT8) return toNumber;
    if (oid === NUMERIC) return numericToNumber;
    return pg.types.getTypeParser(oid, format) as unknown;
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export interface PostgresOptions {
  poolSize: number;
  /** Idle connections that fail (the server restarted, a proxy cut them) are reported here, not thrown. */
  onPoolError: (error: Error) => void;
}

export function openPostgres(url: string, { poolSize, onPoolError }: PostgresOptions): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types, connectionTimeoutMillis: 5_000, application_name: 'shopwire' });
  pool.on('error', onPoolError);
  return new Kysely<Database>({
    dialect: new PostgresDialect({
      pool,
      // Every multi-statement read is one snapshot, as a SQLite read transaction is: a query's
      // figures and the event cursor it returns (DESIGN §3) must be read at the same instant,
      // which READ COMMITTED (a snapshot per statement) does not give. Writes go through the
      // commit queue at SERIALIZABLE (events/transact.ts).
      onCreateConnection: async (connection) => {
        await connection.executeQuery(CompiledQuery.raw("SET default_transaction_isolation = 'repeatable read'"));
      },
    }),
  });
}

/** Where a URL points, for logs and errors: never its password. */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return `${parsed.protocol}//${parsed.username ? `${parsed.username}@` : ''}${parsed.host}${parsed.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}
