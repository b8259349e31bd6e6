import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import superjson from 'superjson';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../src/server/clock.js';
import { migrateToLatest, openDatabase } from '../src/server/db/database.js';
import { appendEvents, readEventsAfter } from '../src/server/events/eventLog.js';
import { createEventWire } from '../src/server/transport/wire.js';
import { reconnectDelayMs } from '../src/client/sdk/createShopwireClient.js';
import { loadConfig } from '../src/server/config.js';
import { createTokenService } from '../src/server/auth/tokens.js';
import { createIdSource } from '../src/server/ids.js';
import { orderNumber } from '../src/shared/orderNumber.js';
import { createLoginGuard, TooManyAttemptsError } from '../src/server/auth/loginGuard.js';
import { resolveJwtSecret } from '../src/server/secret.js';
import { canMoveOrder, NEXT_STATUSES, ORDER_STATUSES } from '../src/shared/orderStatus.js';
import { formatMoney } from '../src/shared/money.js';

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

  it('sizes the page cache from the setting', async () => {
    const db = openDatabase(':memory:', { cacheMb: 8 });
    try {
      const { rows } = await sql<{ cache_size: number }>`PRAGMA cache_size`.execute(db);
      expect(rows[0]?.cache_size).toBe(-8192);
    } finally {
      await db.destroy();
    }
  });

  it('makes a JWT secret once, keeps it beside the database (0600), and reads it back', () => {
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

describe('reconnect backoff', () => {
  it('grows with the attempt, stays within half to all of its ceiling, and is capped', () => {
    expect(reconnectDelayMs(0, () => 0)).toBe(125);
    expect(reconnectDelayMs(0, () => 1)).toBe(250);
    expect(reconnectDelayMs(3, () => 0.5)).toBe(1500);
    expect(reconnectDelayMs(30, () => 1)).toBe(10_000);
    const spread = new Set(Array.from({ length: 50 }, () => reconnectDelayMs(4)));
    expect(spread.size).toBeGreaterThan(10);
  });
});

describe('shared rules', () => {
  it('allows exactly the contract\'s status moves', () => {
    const allowed = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.filter((to) => canMoveOrder(from, to)).map((to) => `${from}->${to}`));
    expect(allowed.sort()).toEqual(
      ['pending->confirmed', 'confirmed->shipped', 'shipped->delivered', 'pending->cancelled', 'confirmed->cancelled'].sort(),
    );
    expect(Object.keys(NEXT_STATUSES).sort()).toEqual([...ORDER_STATUSES].sort());
  });

  it('formats integer cents as money', () => {
    expect(formatMoney(123456, 'USD', 'en-US')).toBe('$1,234.56');
    expect(formatMoney(-5, 'USD', 'en-US')).toBe('-$0.05');
  });
});

describe('tokens', () => {
  it('verifies its own tokens, refuses others, and stops accepting a cached token once it expires', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const tokens = createTokenService('s'.repeat(40), 60, () => now);
    const token = await tokens.sign({ id: 'u1', role: 'seller' });
    expect(await tokens.verify(token)).toMatchObject({ userId: 'u1', role: 'seller' });
    expect(await tokens.verify(token)).toMatchObject({ userId: 'u1' });
    expect(await createTokenService('t'.repeat(40), 60, () => now).verify(token)).toBeNull();
    expect(await tokens.verify(`${token}x`)).toBeNull();
    now = new Date('2026-01-01T00:01:01Z');
    expect(await tokens.verify(token)).toBeNull();
  });
});

describe('ids', () => {
  const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('are UUIDv7s: version 7, RFC variant, the clock\'s milliseconds first, unique', () => {
    let now = 1_700_000_000_000;
    const ids = createIdSource(() => now);
    const a = ids.next();
    now += 1;
    const b = ids.next();
    expect(a).toMatch(UUID_V7);
    expect(a.slice(0, 13)).toBe('018bcfe5-6800');
    expect(b.slice(0, 13)).toBe('018bcfe5-6801');
    const many = Array.from({ length: 1000 }, () => createIdSource().next());
    expect(new Set(many).size).toBe(1000);
  });

  it('sort in the order they were made within one millisecond, past the counter\'s end and when the clock steps back', () => {
    let now = 1_700_000_000_000;
    const ids = createIdSource(() => now);
    // 5,000 in one millisecond is more than the 12-bit counter holds, so some borrow the next one.
    const made = Array.from({ length: 5000 }, () => ids.next());
    now -= 1000;
    made.push(ids.next(), ids.next());
    now += 5000;
    made.push(ids.next());
    for (const id of made) expect(id).toMatch(UUID_V7);
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(made.length);
    expect(made.at(-1)?.slice(0, 13)).toBe('018bcfe5-77a0');
  });
});

describe('event wire', () => {
  it("writes exactly superjson's form of { id, data } for a tracked event, from the payload's one encoding", async () => {
    const db = openDatabase(':memory:');
    await migrateToLatest(db);
    const payloads = [
      { type: 'new_order', order: { id: 'o1', createdAt: new Date('2026-01-02T03:04:05Z'), items: [{ at: new Date(0) }] } },
      { type: 'inventory_update', updates: [{ productId: 'p', stock: 3 }] },
    ];
    const shared = { at: new Date(5) };
    payloads.push({ type: 'odd', updates: [shared, shared] } as never);
    const stored = await db.transaction().execute((trx) => appendEvents(trx, systemClock, payloads.map((payload) => ({ topic: 't', type: 'x', payload }))));
    const wire = createEventWire();
    for (const event of [...stored, ...(await readEventsAfter(db, 't', 0, 10))]) {
      const message = JSON.parse(wire.frame(wire.heads(7, undefined), event).toString()) as { result: { data: unknown } };
      expect(message.result.data).toEqual(JSON.parse(JSON.stringify(superjson.serialize({ id: String(event.id), data: event.payload }))));
      expect(superjson.deserialize(message.result.data as never)).toEqual({ id: String(event.id), data: event.payload });
    }
    await db.destroy();
  });
});

describe('order numbers', () => {
  it('differ for orders of the same millisecond, and are the id\'s last 8 hex digits', () => {
    const ids = createIdSource(() => 1_700_000_000_000);
    const numbers = Array.from({ length: 200 }, () => orderNumber(ids.next()));
    expect(new Set(numbers).size).toBe(200);
    expect(orderNumber('01a20b29-4470-7aec-9e4f-7854d5ba6192')).toBe('#D5BA6192');
  });
});

describe('login guard', () => {
  const guard = () => createLoginGuard({ failuresPerAccount: 3, accountBlockSeconds: 1, failuresPerAddress: 5, addressWindowSeconds: 60 });
  const refusal = (promise: Promise<void>) => promise.then(() => null, (error: unknown) => error);

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
    await new Promise((r) => setTimeout(r, 1100));
    await g.check(attempt);
  });

  it('blocks an address that fails across many accounts, whichever account it tries next', async () => {
    const g = guard();
    for (let i = 0; i < 5; i++) await g.failed({ email: `user${i}@x.test`, address: '10.0.0.9' });
    expect(await refusal(g.check({ email: 'fresh@x.test', address: '10.0.0.9' }))).toBeInstanceOf(TooManyAttemptsError);
    await g.check({ email: 'fresh@x.test', address: '10.0.0.10' });
  });
});
