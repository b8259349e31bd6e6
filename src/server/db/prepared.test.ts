import { afterEach, beforeEach, expect, it } from 'vitest';
import { openTestDatabase } from '../../../tests/support/database.js';
import type { Db, Executor } from './database.js';
import { prepared } from './prepared.js';

let db: Db;
let database: AsyncDisposable;

beforeEach(async () => {
  const opened = await openTestDatabase();
  ({ db } = opened);
  database = opened;
  await db
    .insertInto('shops')
    .values(['a', 'b', 'c', 'd'].map((id, i) => ({ id, name: `Shop ${id}`, created_at: i })))
    .execute();
});
afterEach(async () => {
  await database[Symbol.asyncDispose]();
});

it('builds once per shape and binds each call its own values', async () => {
  let builds = 0;
  const byIds = prepared((q: Executor, p: { ids: string[]; after: number }) => {
    builds++;
    return q.selectFrom('shops').select(['id', 'name']).where('id', 'in', p.ids).where('created_at', '>=', p.after).orderBy('id');
  });
  expect(await byIds.execute(db, { ids: ['a', 'c'], after: 0 })).toEqual([
    { id: 'a', name: 'Shop a' },
    { id: 'c', name: 'Shop c' },
  ]);
  expect(await byIds.execute(db, { ids: ['b', 'd'], after: 2 })).toEqual([{ id: 'd', name: 'Shop d' }]);
  expect(builds).toBe(1);
  // Three ids is another shape (another SQL text), so it compiles once more.
  expect((await byIds.execute(db, { ids: ['a', 'b', 'c'], after: 1 })).map((r) => r.id)).toEqual(['b', 'c']);
  expect(builds).toBe(2);
  expect(await byIds.executeTakeFirst(db, { ids: ['zzz'], after: 0 })).toBeUndefined();
});

it('leaves out an undefined column, as Kysely does, and keeps null', async () => {
  const insert = prepared((q: Executor, row: { id: string; name: string; created_at: number | undefined }) => q.insertInto('shops').values(row as never));
  await expect(insert.run(db, { id: 'x', name: 'X', created_at: undefined })).rejects.toThrow(/NOT NULL|not-null/);
  const result = await insert.run(db, { id: 'y', name: 'Y', created_at: 5 });
  expect(Number(result.numAffectedRows)).toBe(1);
  expect(await db.selectFrom('shops').selectAll().where('id', '=', 'y').executeTakeFirst()).toEqual({ id: 'y', name: 'Y', created_at: 5 });
});

it('runs inside a transaction and rolls back with it', async () => {
  const rename = prepared((q: Executor, p: { id: string; name: string }) => q.updateTable('shops').set({ name: p.name }).where('id', '=', p.id).returning(['id', 'name']));
  await expect(
    db.transaction().execute(async (trx) => {
      expect(await rename.execute(trx, { id: 'a', name: 'Renamed' })).toEqual([{ id: 'a', name: 'Renamed' }]);
      throw new Error('roll back');
    }),
  ).rejects.toThrow('roll back');
  expect((await db.selectFrom('shops').select('name').where('id', '=', 'a').executeTakeFirstOrThrow()).name).toBe('Shop a');
});

it('gives the same rows as the query built anew, for multi-row inserts of any length', async () => {
  const insert = prepared((q: Executor, rows: { id: string; name: string; created_at: number }[]) => q.insertInto('shops').values(rows));
  await insert.run(db, [{ id: 'p1', name: 'P1', created_at: 10 }]);
  await insert.run(db, [
    { id: 'p2', name: 'P2', created_at: 11 },
    { id: 'p3', name: 'P3', created_at: 12 },
  ]);
  await insert.run(db, [{ id: 'p4', name: 'P4', created_at: 13 }]);
  const rows = await db.selectFrom('shops').selectAll().where('id', 'like', 'p%').orderBy('id').execute();
  expect(rows).toEqual([1, 2, 3, 4].map((n) => ({ id: `p${n}`, name: `P${n}`, created_at: 9 + n })));
});
