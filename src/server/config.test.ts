import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('config', () => {
  it('has defaults that work on a fresh machine', () => {
    expect(loadConfig({})).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', DATABASE_PATH: './data/shopwire.sqlite', SEED_DEMO: true });
  });

  it('lists every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'eighty', JWT_SECRET: 'short', LOG_LEVEL: 'loud' })).toThrow(/PORT[\s\S]*JWT_SECRET[\s\S]*LOG_LEVEL/);
  });

  it('takes the SQLite page cache size in MiB, a positive whole number', () => {
    expect(loadConfig({}).SQLITE_CACHE_MB).toBe(64);
    expect(loadConfig({ SQLITE_CACHE_MB: '8' }).SQLITE_CACHE_MB).toBe(8);
    for (const bad of ['0', '-5', '1.5', 'lots']) expect(() => loadConfig({ SQLITE_CACHE_MB: bad })).toThrow(/SQLITE_CACHE_MB/);
  });
});

const DAY = 24 * 3600;

it('takes a sign-in lifetime of up to a year, past the 24.8 days a single setTimeout can wait', () => {
  expect(loadConfig({ TOKEN_TTL_SECONDS: String(30 * DAY) }).TOKEN_TTL_SECONDS).toBe(30 * DAY);
  expect(loadConfig({ TOKEN_TTL_SECONDS: String(365 * DAY) }).TOKEN_TTL_SECONDS).toBe(365 * DAY);
});

it('refuses a longer one, saying what the limit is', () => {
  expect(() => loadConfig({ TOKEN_TTL_SECONDS: String(365 * DAY + 1) })).toThrow(
    'Invalid environment:\n  TOKEN_TTL_SECONDS: TOKEN_TTL_SECONDS must be at most 31536000 seconds (one year)',
  );
});

it('ADMIN_EMAILS: unset leaves roles alone (null); set, a trimmed lower-case list, possibly empty', () => {
  expect(loadConfig({}).ADMIN_EMAILS).toBeNull();
  expect(loadConfig({ ADMIN_EMAILS: ' Ops@Example.test, ,b@x.test' }).ADMIN_EMAILS).toEqual(['ops@example.test', 'b@x.test']);
  expect(loadConfig({ ADMIN_EMAILS: '' }).ADMIN_EMAILS).toEqual([]);
});

it('PRESENCE_GRACE_MS: at most 15 s, since a closed connection must leave the counts within that', () => {
  expect(loadConfig({}).PRESENCE_GRACE_MS).toBe(10_000);
  expect(() => loadConfig({ PRESENCE_GRACE_MS: '20000' })).toThrow(/PRESENCE_GRACE_MS must be at most 15000/);
});

describe('BUS_URL (several instances)', () => {
  const pg = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/shop' };
  it('takes a Redis URL next to a PostgreSQL database, with a key prefix that defaults to shopwire:', () => {
    const config = loadConfig({ ...pg, BUS_URL: 'redis://127.0.0.1:6379' });
    expect(config.BUS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.BUS_KEY_PREFIX).toBe('shopwire:');
    expect(loadConfig({}).BUS_URL).toBeUndefined();
  });
  it('refuses it on SQLite: instances that share a broker must share one database', () => {
    expect(() => loadConfig({ BUS_URL: 'redis://127.0.0.1:6379' })).toThrow('BUS_URL needs DATABASE_URL (PostgreSQL)');
  });
  it('refuses NATS (not supported yet) and anything that is not Redis, in one line', () => {
    expect(() => loadConfig({ ...pg, BUS_URL: 'nats://127.0.0.1:4222' })).toThrow('BUS_URL: NATS is not supported yet; use Redis (redis://host:6379)');
    expect(() => loadConfig({ ...pg, BUS_URL: 'http://127.0.0.1:6379' })).toThrow('BUS_URL must be a Redis URL, like redis://127.0.0.1:6379');
  });
});
