import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLoginGuard, TooManyAttemptsError } from './loginGuard.js';

describe('login guard', () => {
  const guard = () => createLoginGuard({ failuresPerAccount: 3, accountBlockSeconds: 1, failuresPerAddress: 5, addressWindowSeconds: 60 });
  const refusal = (promise: Promise<void>) => promise.then(() => null, (error: unknown) => error);

  // The limiter reads Date.now() and expires records with setTimeout: both are the fake clock here.
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('blocks an account for its block time once its failures are spent, then lets it try again', async () => {
    const g = guard();
    const attempt = { email: 'a@x.test', address: '10.0.0.1' };
    for (let i = 0; i < 3; i++) {
      await g.check(attempt);
      await g.failed(attempt);
    }
    const error = await refusal(g.check({ ...attempt, email: ' A@X.test ' }));
    expect(error).toBeInstanceOf(TooManyAttemptsError);
    expect((error as TooManyAttemptsError).code).toBe('TOO_MANY_REQUESTS');
    expect((error as TooManyAttemptsError).retryAfterSeconds).toBe(1);
    // The same account from another address is a different count.
    await g.check({ ...attempt, address: '10.0.0.2' });
    await vi.advanceTimersByTimeAsync(999);
    expect(await refusal(g.check(attempt))).toBeInstanceOf(TooManyAttemptsError);
    await vi.advanceTimersByTimeAsync(1);
    await g.check(attempt);
  });

  it('blocks an address that fails across many accounts, whichever account it tries next', async () => {
    const g = guard();
    for (let i = 0; i < 5; i++) await g.failed({ email: `user${i}@x.test`, address: '10.0.0.9' });
    expect(await refusal(g.check({ email: 'fresh@x.test', address: '10.0.0.9' }))).toBeInstanceOf(TooManyAttemptsError);
    await g.check({ email: 'fresh@x.test', address: '10.0.0.10' });
  });
});
