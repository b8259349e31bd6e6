import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveJwtSecret } from './secret.js';

describe('the JWT secret', () => {
  it('is made once, kept beside the database (0600), and read back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shopwire-secret-'));
    try {
      const db = join(dir, 'shop.sqlite');
      const first = resolveJwtSecret(undefined, db);
      expect(first.length).toBeGreaterThanOrEqual(32);
      expect(resolveJwtSecret(undefined, db)).toBe(first);
      expect(readFileSync(join(dir, 'jwt-secret'), 'utf8')).toBe(first);
      expect(statSync(join(dir, 'jwt-secret')).mode & 0o777).toBe(0o600);
      expect(resolveJwtSecret('x'.repeat(40), db)).toBe('x'.repeat(40));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
