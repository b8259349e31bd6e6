import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { systemClock } from '../clock.js';
import { migrateToLatest, openDatabase, type Db } from '../db/database.js';
import { createInProcessBus, type EventBus } from './bus.js';
import { createLocalRelay } from './relay.js';
import { createCommitQueue, transact, type CommitQueue } from './transact.js';
import type { LiveEvent } from './types.js';

let dir: string;
let db: Db;
let bus: EventBus;
let publishes: LiveEvent[][];
let commits: CommitQueue;
const topic = 'shop:s1';

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shopwire-commit-'));
  db = openDatabase(join(dir, 'test.db'));
  await migrateToLatest(db);
  const inner = createInProcessBus();
  publishes = [];
  // Records each publish, so a test can see which changes went out together.
  bus = { ...inner, publish: (events) => (publishes.push([...events]), inner.publish(events)) };
  commits = createCommitQueue({ db, relay: createLocalRelay(bus), clock: systemClock, maxBatch: 4 });
});
afterEach(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const deps = () => ({ db, clock: systemClock, commits });

/** A change that creates shop `id` and emits one event naming it. */
const createShop = (id: string) =>
  transact(deps(), async (trx, emit) => {
    await trx.insertInto('shops').values({ id, name: id, created_at: 1 }).execute();
    emit({ topic, type: 'note', payload: { id } });
    return id;
  });

const shopIds = async () => (await db.selectFrom('shops').select('id').orderBy('id').execute()).map((r) => r.id);
const eventRows = async () => (await db.selectFrom('events').select(['id', 'payload']).orderBy('id').execute()).map((r) => [Number(r.id), r.payload]);

it('commits the changes of one turn together, publishing their events once, in order', async () => {
  const results = await Promise.all([createShop('a'), createShop('b'), createShop('c')]);
  expect(results).toEqual(['a', 'b', 'c']);
  expect(publishes).toHaveLength(1);
  expect(publishes[0]?.map((e) => [e.id, e.payload])).toEqual([
    [1, { id: 'a' }],
    [2, { id: 'b' }],
    [3, { id: 'c' }],
  ]);
  expect(await shopIds()).toEqual(['a', 'b', 'c']);
  expect(commits.pending()).toBe(0);
});

it('rolls back a failing change alone: the others of its batch commit and publish', async () => {
  const failing = transact(deps(), async (trx, emit) => {
    await trx.insertInto('shops').values({ id: 'x', name: 'x', created_at: 1 }).execute();
    emit({ topic, type: 'note', payload: { id: 'x' } });
    throw new Error('refused');
  });
  const outcomes = await Promise.allSettled([createShop('a'), failing, createShop('b')]);
  expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect(outcomes[1]).toMatchObject({ reason: { message: 'refused' } });
  expect(await shopIds()).toEqual(['a', 'b']);
  expect(await eventRows()).toEqual([
    [1, '{"json":{"id":"a"}}'],
    [2, '{"json":{"id":"b"}}'],
  ]);
  expect(publishes.flat().map((e) => e.payload)).toEqual([{ id: 'a' }, { id: 'b' }]);
});

it('a lone failing change leaves nothing behind', async () => {
  const failing = transact(deps(), async (trx, emit) => {
    await trx.insertInto('shops').values({ id: 'x', name: 'x', created_at: 1 }).execute();
    emit({ topic, type: 'note', payload: { id: 'x' } });
    throw new Error('refused');
  });
  await expect(failing).rejects.toThrow('refused');
  expect(await shopIds()).toEqual([]);
  expect(await eventRows()).toEqual([]);
  expect(publishes.flat()).toEqual([]);
});

it('when the COMMIT itself fails, no change of the batch is answered as done and nothing is published', async () => {
  // A deferred foreign key is checked at COMMIT: an item of a missing order makes the commit fail.
  const breaksCommit = transact(deps(), async (trx) => {
    await sql`PRAGMA defer_foreign_keys = ON`.execute(trx);
    await trx
      .insertInto('order_items')
      .values({ order_id: 'missing', line: 1, product_id: 'missing', product_name: 'n', quantity: 1, price_cents: 1, cost_cents: 1 })
      .execute();
    return 'should not be answered';
  });
  const outcomes = await Promise.allSettled([createShop('a'), breaksCommit, createShop('b')]);
  expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
  expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
  expect(await shopIds()).toEqual([]);
  expect(await eventRows()).toEqual([]);
  expect(publishes.flat()).toEqual([]);
  // The queue goes on working afterwards.
  expect(await createShop('c')).toBe('c');
  expect(await shopIds()).toEqual(['c']);
});

it('caps a batch at maxBatch and commits the rest in the next one; drain waits for all', async () => {
  const all = Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map(createShop));
  expect(commits.pending()).toBe(6);
  await commits.drain();
  expect(commits.pending()).toBe(0);
  await all;
  expect(publishes.map((p) => p.length)).toEqual([4, 2]);
  expect(publishes.flat().map((e) => e.id)).toEqual([1, 2, 3, 4, 5, 6]);
});

it('a change sees the uncommitted rows of the earlier changes in its batch, as it would after their commit', async () => {
  const first = createShop('a');
  const second = transact(deps(), async (trx) => (await trx.selectFrom('shops').select('id').execute()).map((r) => r.id));
  await first;
  expect(await second).toEqual(['a']);
});

it('answers its changes and tells onError when a bus listener throws; the other listeners still get the events', async () => {
  const errors: unknown[] = [];
  const bus = createInProcessBus();
  const queue = createCommitQueue({ db, relay: createLocalRelay(bus), clock: systemClock, onError: (error) => errors.push(error) });
  const heard: unknown[] = [];
  bus.subscribe(topic, () => {
    throw new Error('listener bug');
  });
  bus.subscribe(topic, (events) => heard.push(...events.map((e) => e.payload)));
  const result = await transact({ db, clock: systemClock, commits: queue }, async (trx, emit) => {
    await trx.insertInto('shops').values({ id: 'a', name: 'a', created_at: 1 }).execute();
    emit({ topic, type: 'note', payload: { id: 'a' } });
    return 'done';
  });
  expect(result).toBe('done');
  expect(heard).toEqual([{ id: 'a' }]);
  await queue.drain();
  expect(errors).toHaveLength(1);
  expect(errors[0]).toBeInstanceOf(AggregateError);
  expect((errors[0] as AggregateError).errors.map((e: Error) => e.message)).toEqual(['listener bug']);
  expect(await shopIds()).toEqual(['a']);
});
