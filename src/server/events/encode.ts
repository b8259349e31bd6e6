import superjson from 'superjson';
import type { EncodedPayload } from './types.js';

/**
 * superjson's output for the values this server actually sends (plain objects, arrays, strings,
 * finite numbers, booleans, null, Dates) without its walker copying every object: one read-only
 * pass collects the Date annotations, then JSON.stringify writes the text (Date.prototype.toJSON
 * is toISOString, which is what superjson's Date transform emits). Anything else, or anything
 * whose exact superjson form is subtle, takes superjson itself, so the result is always the same.
 *
 * Assumes nothing is registered on the default superjson instance (registerClass/registerCustom/
 * registerSymbol), as in this codebase: a registration could claim a value this pass calls plain.
 */
export function encodeSuperjson(value: unknown): EncodedPayload {
  const values = annotate(value, new Set());
  if (values === UNSUPPORTED) {
    const { json, meta } = superjson.serialize(value);
    return { json: JSON.stringify(json), meta };
  }
  // superjson's meta key order is values, referentialEqualities, v; meta is absent when empty.
  return { json: JSON.stringify(value), meta: values === undefined ? undefined : { values, v: 1 } };
}

/** The text superjson.stringify gives, from an encoding (JSON.stringify omits an undefined meta). */
export function encodedText(encoded: EncodedPayload): string {
  return encoded.meta ? `{"json":${encoded.json},"meta":${JSON.stringify(encoded.meta)}}` : `{"json":${encoded.json}}`;
}

type Leaf = ['Date'];
/** superjson's value annotations for one subtree: a leaf for a Date, else escaped path -> leaf. */
type Annotations = Leaf | Record<string, Leaf>;
const UNSUPPORTED = Symbol('unsupported');

function annotate(value: unknown, seen: Set<object>): Annotations | undefined | typeof UNSUPPORTED {
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return undefined;
  // NaN, ±Infinity and -0 get a 'number' annotation.
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0) ? undefined : UNSUPPORTED;
  // undefined, bigint, symbol and functions get annotations or vanish.
  if (typeof value !== 'object') return UNSUPPORTED;
  // superjson emits referentialEqualities for any object met twice (shared or circular), Dates included.
  if (seen.has(value)) return UNSUPPORTED;
  seen.add(value);

  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Date.prototype) return Number.isNaN((value as Date).getTime()) ? UNSUPPORTED : ['Date'];

  let inner: Record<string, Leaf> | undefined;
  if (Array.isArray(value)) {
    if (proto !== Array.prototype) return UNSUPPORTED;
    const items = value as unknown[];
    // superjson walks Object.entries, JSON.stringify the indices: they agree unless the array has
    // holes (read as undefined, so unsupported below) or extra own keys.
    if (Object.keys(items).length !== items.length) return UNSUPPORTED;
    for (let i = 0; i < items.length; i++) {
      const child = annotate(items[i], seen);
      if (child === UNSUPPORTED) return UNSUPPORTED;
      if (child !== undefined) inner = nest(inner, String(i), child);
    }
    return inner;
  }
  if (proto !== Object.prototype && proto !== null) return UNSUPPORTED;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    // superjson throws on these; let it.
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') return UNSUPPORTED;
    const child = annotate(record[key], seen);
    if (child === UNSUPPORTED) return UNSUPPORTED;
    if (child !== undefined) inner = nest(inner, key, child);
  }
  return inner;
}

/**
 * Adds a child's annotations under its key, as superjson's walker does level by level: one object
 * per level matters, since integer-like keys ("0") sort first within it and keep that order above.
 */
function nest(inner: Record<string, Leaf> | undefined, key: string, child: Annotations): Record<string, Leaf> {
  const annotations = inner ?? {};
  const escaped = key.replace(/\\/g, '\\\\').replace(/\./g, '\\.');
  if (Array.isArray(child)) annotations[escaped] = child;
  else for (const path of Object.keys(child)) annotations[`${escaped}.${path}`] = child[path] as Leaf;
  return annotations;
}
