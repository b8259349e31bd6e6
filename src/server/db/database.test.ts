import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';

describe('opening the database', () => {
  it('sizes the page cache from the setting', async () => {
    const db = openDatabase(':memory:', { cacheMb: 8 });
    try {
      const { rows } = await sql<{ cache_size: number }>`PRAGMA cache_size`.execute(db);
      expect(rows[0]?.cache_size).toBe(-8192);
    } finally {
      await db.destroy();
    }
  });
});
