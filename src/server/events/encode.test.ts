import superjson, { type SuperJSONResult } from 'superjson';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../clock.js';
import { migrateToLatest, openDatabase } from '../db/database.js';
import { encodedText, encodeSuperjson } from './encode.js';
import { appendEvents } from './eventLog.js';
import { dataMessage } from '../transport/wsHandler.js';
import type { DashboardEvent, OrderStatusEvent, StockEvent } from '../../shared/events.js';

const at = new Date('2026-03-04T05:06:07.089Z');
const order = {
  id: 'ord_1',
  shopId: 'shop_1',
  buyerId: 'usr_1',
  status: 'pending' as const,
  totalCents: 12_345,
  profitCents: 4_321,
  items: [
    { productId: 'p1', productName: 'Mug', quantity: 2, priceCents: 1_200 },
    { productId: 'p2', productName: 'Tee "large"', quantity: 1, priceCents: 2_500 },
    { productId: 'p3', productName: 'Sticker ✨', quantity: 10, priceCents: 99 },
  ],
  createdAt: at,
};
const shopEvents: DashboardEvent[] = [
  { type: 'new_order', order },
  { type: 'order_status_changed', orderId: 'ord_1', status: 'confirmed', previousStatus: 'pending' },
  { type: 'inventory_update', updates: [{ productId: 'p1', productName: 'Mug', stock: 4 }] },
  { type: 'low_stock', productId: 'p1', productName: 'Mug', stock: 2, threshold: 3, severity: 'warning' },
  { type: 'out_of_stock', productId: 'p1', productName: 'Mug' },
];
const orderEvents: OrderStatusEvent[] = [
  { orderId: 'ord_1', status: 'pending', previousStatus: null, at },
  { orderId: 'ord_1', status: 'shipped', previousStatus: 'confirmed', at: new Date(0) },
];
const stockEvents: StockEvent[] = [{ type: 'stock', updates: [{ productId: 'p1', stock: 0 }] }];

class Thing {
  a = 1;
}
const sharedDate = new Date(20);
const sharedObject = { a: 1 };
const circular: Record<string, unknown> = { a: 1 };
circular['self'] = circular;
const holey = new Array<number>(3);
holey[0] = 1;
holey[2] = 3;
const extraKey = Object.assign([1, 2], { extra: new Date(21) });
const dateWithProps = Object.assign(new Date(22), { note: 'x' });

/** Values the fast path must handle itself (no superjson call). */
const supported: [string, unknown][] = [
  ['null', null],
  ['string', 'héllo "w" \\ \u2028 \ud800'],
  ['numbers', [0, 1, -1, 1.5, 1e21, Number.MAX_VALUE, Number.MIN_VALUE]],
  ['booleans', [true, false]],
  ['empty object', {}],
  ['empty array', []],
  ['Date at the root', at],
  ['Dates in arrays', [at, [new Date(1)], { d: [new Date(2), 'x'] }]],
  ['nested Dates in objects', { a: { b: { c: new Date(3) } }, d: new Date(4) }],
  ['keys with dots and backslashes', { 'a.b': new Date(5), 'c\\d': { 'e.\\f': new Date(6) }, '': new Date(7), '.': 1 }],
  ['unicode keys', { 'ключ': new Date(8), '🛒': { 'é.ü': new Date(9) } }],
  ['integer-like keys after nested ones', [{ d: new Date(10) }, new Date(11), { e: [new Date(12)] }, new Date(13)]],
  ['integer-like keys one level down', { w: [{ d: new Date(10) }, new Date(11)] }],
  ['integer-like object keys', { 3: { d: new Date(14) }, 5: new Date(15), x: new Date(16), 10: new Date(17) }],
  ['null prototype', Object.assign(Object.create(null) as object, { a: new Date(18), b: 1 })],
  ['same string twice', { a: 'x', b: 'x' }],
  ['non-callable toJSON key', { toJSON: 1 }],
  ['Date with own props (both ignore them)', { d: dateWithProps }],
  ...[...shopEvents, ...orderEvents, ...stockEvents].map((e, i): [string, unknown] => [`event ${i}`, e]),
  ['order list', [order, { ...order, id: 'ord_2', items: order.items.map((item) => ({ ...item })), createdAt: new Date(at.getTime() + 1) }]],
];

/** Values that must go to superjson (and still come out identical). */
const unsupported: [string, unknown][] = [
  ['undefined', undefined],
  ['undefined in an object', { a: undefined, b: 1 }],
  ['undefined in an array', [undefined]],
  ['NaN', [NaN]],
  ['Infinity', { a: Infinity, b: -Infinity }],
  ['-0', { z: -0 }],
  ['bigint', { n: 10n }],
  ['Map', { m: new Map<unknown, unknown>([['a', new Date(23)]]) }],
  ['Set', new Set([1, 2])],
  ['RegExp', { r: /a.b/gi }],
  ['Error', { e: new Error('boom') }],
  ['class instance', { t: new Thing() }],
  ['URL', new URL('https://example.test/a?b=1')],
  ['typed array', new Uint8Array([1, 2])],
  ['symbol', { s: Symbol('s') }],
  ['function', { f: () => 1 }],
  ['toJSON method', { toJSON: () => 'x', a: new Date(24) }],
  ['same Date twice', { a: sharedDate, b: sharedDate }],
  ['same object twice', [sharedObject, sharedObject]],
  ['circular', circular],
  ['invalid Date', { d: new Date(NaN) }],
  ['hole', holey],
  ['array with an extra key', extraKey],
];

function expectSameAsSuperjson(value: unknown) {
  const reference = superjson.serialize(value);
  const encoded = encodeSuperjson(value);
  expect(encoded.json).toBe(JSON.stringify(reference.json));
  expect(encoded.meta).toEqual(reference.meta);
  expect(encoded.meta === undefined).toBe(reference.meta === undefined);
  // Key order counts too: the row text must be byte-identical to superjson.stringify.
  expect(encodedText(encoded)).toBe(superjson.stringify(value));
  return encoded;
}

afterEach(() => vi.restoreAllMocks());

describe('encodeSuperjson', () => {
  it.each(supported)('writes %s itself, exactly as superjson would', (_name, value) => {
    const serialize = vi.spyOn(superjson, 'serialize');
    const encoded = encodeSuperjson(value);
    expect(serialize).not.toHaveBeenCalled();
    serialize.mockRestore();
    expect(encoded).toEqual(expectSameAsSuperjson(value));
    expect(superjson.deserialize({ json: JSON.parse(encoded.json) as SuperJSONResult['json'], meta: encoded.meta })).toEqual(value);
  });

  it.each(unsupported)('hands %s to superjson', (_name, value) => {
    const serialize = vi.spyOn(superjson, 'serialize');
    encodeSuperjson(value);
    expect(serialize).toHaveBeenCalledTimes(1);
    serialize.mockRestore();
    expectSameAsSuperjson(value);
  });

  it('lets superjson refuse prototype-polluting keys', () => {
    const value = JSON.parse('{"a":{"__proto__":{"b":1}}}') as unknown;
    expect(() => superjson.serialize(value)).toThrow(/prototype pollution/);
    expect(() => encodeSuperjson(value)).toThrow(/prototype pollution/);
    expect(() => encodeSuperjson({ constructor: 1 })).toThrow(/prototype pollution/);
  });

  it('matches superjson on a few hundred random nested values', () => {
    const random = mulberry32(20_260_304);
    let fast = 0;
    const serialize = vi.spyOn(superjson, 'serialize');
    for (let i = 0; i < 400; i++) {
      const value = randomValue(random, 0);
      const calls = serialize.mock.calls.length;
      const encoded = encodeSuperjson(value);
      if (serialize.mock.calls.length === calls) fast++;
      expectSameAsSuperjson(value);
      if (!hasUnsupported(value)) {
        expect(superjson.deserialize({ json: JSON.parse(encoded.json) as SuperJSONResult['json'], meta: encoded.meta })).toEqual(value);
      }
    }
    // Most random values are plain; make sure both paths were exercised.
    expect(fast).toBeGreaterThan(200);
    expect(fast).toBeLessThan(400);
  });

  it('stores event rows byte-identical to superjson.stringify', async () => {
    const db = openDatabase(':memory:');
    await migrateToLatest(db);
    const payloads = [...shopEvents, ...orderEvents, ...stockEvents, { a: sharedDate, b: sharedDate }, { n: NaN, at }];
    await db.transaction().execute((trx) => appendEvents(trx, systemClock, payloads.map((payload) => ({ topic: 't', type: 'x', payload }))));
    const rows = await db.selectFrom('events').select('payload').orderBy('id').execute();
    expect(rows.map((r) => r.payload)).toEqual(payloads.map((p) => superjson.stringify(p)));
    await db.destroy();
  });
});

describe('dataMessage', () => {
  const values: unknown[] = [order, at, null, undefined, [], { a: sharedDate, b: sharedDate }, ...shopEvents, ...orderEvents];
  it.each([
    [1, undefined],
    ['req-"7"', '2.0' as const],
  ])('is the text the stock JSON.stringify path gives (id %s, jsonrpc %s) and decodes to the same value', (id, jsonrpc) => {
    for (const data of values) {
      const text = dataMessage(id, jsonrpc, data);
      expect(text).toBe(JSON.stringify({ id, jsonrpc, result: { type: 'data', data: superjson.serialize(data) } }));
      const message = JSON.parse(text) as { id: unknown; jsonrpc?: string; result: { type: string; data: SuperJSONResult } };
      expect(message.id).toBe(id);
      expect('jsonrpc' in message).toBe(jsonrpc !== undefined);
      expect(message.result.type).toBe('data');
      expect(superjson.deserialize(message.result.data)).toEqual(data);
    }
  });
});

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['id', 'a', 'b', 'createdAt', 'a.b', 'x\\y', '0', '1', '7', '10', 'ключ', '🛒', '', 'items', 'z.', '.z'];
const STRINGS = ['', 'plain', 'dot.ted', 'back\\slash', 'quote"', 'ünï', '🛒', '\u2028', '\n\t'];
const RARE: readonly unknown[] = [undefined, NaN, Infinity, -0, 1n, new Map(), new Set([1]), /re/, new Thing(), new Date(NaN)];

function randomValue(random: () => number, depth: number): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const roll = random();
  if (depth < 4 && roll < 0.3) {
    const value: Record<string, unknown> = random() < 0.1 ? (Object.create(null) as Record<string, unknown>) : {};
    const n = Math.floor(random() * 5);
    for (let i = 0; i < n; i++) value[pick(KEYS)] = randomValue(random, depth + 1);
    return value;
  }
  if (depth < 4 && roll < 0.5) return Array.from({ length: Math.floor(random() * 5) }, () => randomValue(random, depth + 1));
  if (roll < 0.62) return new Date(Math.floor(random() * 4e12) - 1e12);
  if (roll < 0.63) return pick(RARE);
  if (roll < 0.75) return pick(STRINGS);
  if (roll < 0.85) return Math.floor(random() * 2000) - 1000;
  if (roll < 0.9) return random() * 1e6;
  if (roll < 0.95) return random() < 0.5;
  return null;
}

/** Values superjson's own round trip does not reproduce with toEqual (NaN dates, classes, ...). */
function hasUnsupported(value: unknown): boolean {
  if (RARE.includes(value)) return true;
  if (typeof value !== 'object' || value === null || value instanceof Date) return false;
  return Object.values(value).some(hasUnsupported);
}
