import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { onPostgres, openTestDatabase } from '../../../tests/support/database.js';

describe.skipIf(!onPostgres)('the PostgreSQL pool', () => {
  it('hands bigints and integer sums back as numbers, as SQLite does, for its own pool only', async () => {
    await using database = await openTestDatabase();
    const { db } = database;
    await db.insertInto('shops').values({ id: 's', name: 'S', created_at: 1_795_000_000_123 }).execute();
    expect(await db.selectFrom('shops').select('created_at').executeTakeFirst()).toEqual({ created_at: 1_795_000_000_123 });
    const { rows } = await sql<Record<string, unknown>>`select count(*) as n, sum(created_at) as total, 1.5::numeric as half, max(created_at) as newest from shops`.execute(db);
    expect(rows[0]).toEqual({ n: 1, total: 1_795_000_000_123, half: 1.5, newest: 1_795_000_000_123 });
    // Past 2^53 a number would be silently rounded: refused instead.
    await expect(sql`select 9007199254740993::bigint as n`.execute(db)).rejects.toThrow(/not a safe integer/);
    // pg's own defaults are untouched for anyone else in the process.
    const defaultInt8 = pg.types.getTypeParser(20) as (text: string) => unknown;
    expect(defaultInt8('12')).toBe('12');
  });

  it('reads a multi-statement transaction from one snapshot (REPEATABLE READ), as a query and its event cursor need', async () => {
    await using database = await openTestDatabase();
    const { db } = database;
    const seen = await db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('shops').select('id').execute();
      await db.insertInto('shops').values({ id: 'later', name: 'Later', created_at: 0 }).execute();
      const after = await trx.selectFrom('shops').select('id').execute();
      return [before.length, after.length];
    });
    expect(seen).toEqual([0, 0]);
  });
});
