import { expect, it } from 'vitest';
import { loadConfig } from './config.js';

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
