import { RateLimiterMemory, type IRateLimiterOptions, type RateLimiterAbstract, type RateLimiterRes } from 'rate-limiter-flexible';
import { RetryLaterError } from '../errors.js';

export class TooManyAttemptsError extends RetryLaterError {
  constructor(retryAfterSeconds: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super(`Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, retryAfterSeconds);
  }
}

export interface LoginAttempt {
  email: string;
  /** The caller's network address. */
  address: string;
}

/**
 * Slows password guessing. Two counts of failed sign-ins:
 * - per account and address, consecutive (a success clears it): guessing one account stops soon,
 *   while someone else guessing from elsewhere cannot lock the owner out;
 * - per address, across accounts: trying one password on many accounts stops too.
 * Each failure also cost a ~50 ms scrypt, so a blocked caller is refused before hashing.
 */
export interface LoginGuard {
  /** Throws TooManyAttemptsError while either count is over its limit. */
  check(attempt: LoginAttempt): Promise<void>;
  failed(attempt: LoginAttempt): Promise<void>;
  succeeded(attempt: LoginAttempt): Promise<void>;
}

export interface LoginGuardOptions {
  failuresPerAccount: number;
  accountBlockSeconds: number;
  failuresPerAddress: number;
  addressWindowSeconds: number;
}

export const DEFAULT_LOGIN_GUARD: LoginGuardOptions = {
  failuresPerAccount: 10,
  accountBlockSeconds: 15 * 60,
  failuresPerAddress: 100,
  addressWindowSeconds: 60 * 60,
};

/** Makes a limiter: in memory for one process, on the broker with several (cluster/). */
export type LimiterStore = (options: IRateLimiterOptions & { keyPrefix: string }) => RateLimiterAbstract;

export const memoryLimiter: LimiterStore = (options) => new RateLimiterMemory(options);

/**
 * rate-limiter-flexible keeps the counts: in memory here, and the same limiter API has Redis and
 * PostgreSQL stores, so several instances can share the counts by swapping the store.
 */
export function createLoginGuard(options: LoginGuardOptions = DEFAULT_LOGIN_GUARD, limiter: LimiterStore = memoryLimiter): LoginGuard {
  const perAccount = limiter({ keyPrefix: 'login-account', points: options.failuresPerAccount, duration: 24 * 60 * 60 });
  const perAddress = limiter({ keyPrefix: 'login-address', points: options.failuresPerAddress, duration: options.addressWindowSeconds });
  const accountKey = ({ email, address }: LoginAttempt) => `${email.trim().toLowerCase()} ${address}`;

  const refuseIfSpent = (res: RateLimiterRes | null, points: number) => {
    if (res && res.consumedPoints >= points) throw new TooManyAttemptsError(Math.ceil(res.msBeforeNext / 1000));
  };

  return {
    async check(attempt) {
      const [account, address] = await Promise.all([perAccount.get(accountKey(attempt)), perAddress.get(attempt.address)]);
      refuseIfSpent(account, options.failuresPerAccount);
      refuseIfSpent(address, options.failuresPerAddress);
    },
    async failed(attempt) {
      const key = accountKey(attempt);
      // penalty() counts without rejecting; the block starts at the failure that spends the last point.
      const account = await perAccount.penalty(key);
      if (account.remainingPoints === 0) await perAccount.block(key, options.accountBlockSeconds);
      await perAddress.penalty(attempt.address);
    },
    async succeeded(attempt) {
      await perAccount.delete(accountKey(attempt));
    },
  };
}
