import { DomainError } from '../errors.js';

export type Failure =
  /** The message asks for something the rules refuse (an unknown product, a move the lifecycle forbids): dead-lettered. */
  | { kind: 'refused'; reason: string }
  /** Passing: the database is busy or unreachable. Tried again, and never dead-lettered for it. */
  | { kind: 'transient'; reason: string }
  /** A fault of ours; tried again a few times like a passing one, then dead-lettered with it. */
  | { kind: 'unexpected'; reason: string };

// Domain errors that say "not now" rather than "no".
const PASSING_CODES = new Set(['SERVICE_UNAVAILABLE', 'TOO_MANY_REQUESTS', 'TIMEOUT']);

/**
 * Driver error codes of a database that cannot serve now: SQLite's busy, locked and I/O errors,
 * PostgreSQL's connection (08), resource (53), operator-intervention (57P) and serialization
 * (40001, 40P01) classes, and the network's.
 */
function isPassingCode(code: string): boolean {
  return (
    /^SQLITE_(BUSY|LOCKED|IOERR|FULL|PROTOCOL)/.test(code) ||
    /^(08|53|57P)/.test(code) ||
    code === '40001' ||
    code === '40P01' ||
    ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND'].includes(code)
  );
}

export function classify(error: unknown): Failure {
  const reason = error instanceof Error ? error.message : String(error);
  if (error instanceof DomainError) return PASSING_CODES.has(error.code) ? { kind: 'transient', reason } : { kind: 'refused', reason };
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  return isPassingCode(code) ? { kind: 'transient', reason: `${code}: ${reason}` } : { kind: 'unexpected', reason };
}
