import { afterEach, beforeEach, expect, it } from 'vitest';
import { systemClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { openTestDatabase } from '../../../tests/support/database.js';
import { createInProcessBus } from '../events/bus.js';
import { createConnectionRegistry } from '../live/connections.js';
import { createLiveEngine, type LiveEngine } from '../live/engine.js';
import { createPresence, type Later, type Presence } from './service.js';
import { createMemoryPresenceStore, type PresenceStore } from './store.js';

let db: Db;
let database: AsyncDisposable;
let ended = false;
let live: LiveEngine;
let store: PresenceStore;
let presence: Presence;
/** Grace timers that a test fires by hand: no test waits for the real grace. */
let due: (() => void)[];
const later: Later = (_ms, fn) => {
  due.push(fn);
  return { clear: () => void (due = due.filter((f) => f !== fn)) };
};
const fireAll = async () => {
  for (const fn of due.splice(0)) fn();
  await new Promise((r) => setImmediate(r));
};

beforeEach(async () => {
  ended = false;
  const opened = await openTestDatabase();
  ({ db } = opened);
  database = opened;
  await db.insertInto('shops').values({ id: 's1', name: 'Shop', created_at: 0 }).execute();
  live = createLiveEngine({ db, bus: createInProcessBus(), maxQueue: 100 });
  store = createMemoryPresenceStore();
  due = [];
  const connections = createConnectionRegistry(systemClock, { maxConnections: 0, maxPerAddress: 0 });
  presence = createPresence({ db, live, store, clock: systemClock, connections, graceMs: 15_000, reportsPerMinute: 10, later, onError: (e) => { if (!ended) throw e; } });
});
afterEach(async () => {
  // A publish already under way may still read the database after this (on PostgreSQL reads take
  // real time): what it finds once the database is closed is no longer this test's business.
  ended = true;
  presence.stop();
  await database[Symbol.asyncDispose]();
});

const user = (userId: string) => ({ userId, role: 'buyer' as const, expiresAt: new Date(Date.now() + 60_000) });

it('a visit that ends leaves the counts only when its grace has passed, and one that comes back within it never leaves', async () => {
  const who = { user: user('u1'), connection: null, address: 'x' };
  const first = (await presence.visit(who, 's1', null))[Symbol.asyncIterator]();
  expect((await first.next()).value).toEqual({ shopVisitors: 1, productViewers: null, sellerOnline: false });
  await first.return?.();
  expect((await store.figures('s1')).visitors).toBe(1);
  expect(due).toHaveLength(1);

  // Back within the grace (a reload, a reconnect): still one visitor, before and after the old grace ends.
  const second = (await presence.visit(who, 's1', null))[Symbol.asyncIterator]();
  expect((await second.next()).value).toMatchObject({ shopVisitors: 1 });
  await fireAll();
  expect((await store.figures('s1')).visitors).toBe(1);

  await second.return?.();
  await fireAll();
  expect(await store.figures('s1')).toEqual({ visitors: 0, viewersByProduct: {} });
});

it('stop() cancels the grace timers', async () => {
  const visit = (await presence.visit({ user: user('u2'), connection: null, address: 'x' }, 's1', null))[Symbol.asyncIterator]();
  await visit.next();
  await visit.return?.();
  expect(due).toHaveLength(1);
  presence.stop();
  expect(due).toHaveLength(0);
});
