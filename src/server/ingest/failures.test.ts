import { describe, expect, it } from 'vitest';
import { ConflictError, DomainError, NotFoundError, RetryLaterError } from '../errors.js';
import { classify } from './failures.js';

const withCode = (code: string, message = 'driver error') => Object.assign(new Error(message), { code });

describe('ingest failures', () => {
  it('a refusal by the rules dead-letters with its own words', () => {
    expect(classify(new NotFoundError('Shop s1'))).toEqual({ kind: 'refused', reason: 'Shop s1 not found' });
    expect(classify(new ConflictError('Not enough stock for Beans: 0 left', 'not_enough_stock'))).toEqual({ kind: 'refused', reason: 'Not enough stock for Beans: 0 left' });
  });

  it('a database that cannot serve now, or a service that says later, is passing', () => {
    for (const code of ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED', 'SQLITE_IOERR_WRITE', '08006', '53300', '57P01', '40001', '40P01', 'ECONNRESET']) {
      expect(classify(withCode(code)).kind, code).toBe('transient');
    }
    expect(classify(withCode('SQLITE_BUSY', 'database is locked'))).toEqual({ kind: 'transient', reason: 'SQLITE_BUSY: database is locked' });
    expect(classify(new RetryLaterError('Slow down', 3)).kind).toBe('transient');
    expect(classify(new DomainError('SERVICE_UNAVAILABLE', 'The provider did not answer')).kind).toBe('transient');
  });

  it('anything else is a fault of ours: unexpected', () => {
    expect(classify(new TypeError("Cannot read properties of undefined (reading 'id')")).kind).toBe('unexpected');
    expect(classify(withCode('SQLITE_CONSTRAINT_UNIQUE')).kind).toBe('unexpected');
    expect(classify(withCode('23505')).kind).toBe('unexpected');
    expect(classify('a string').reason).toBe('a string');
  });
});
