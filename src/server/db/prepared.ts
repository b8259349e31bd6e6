import { CompiledQuery, type Compilable, type QueryResult } from 'kysely';
import type { Executor } from './database.js';

/** Stands in for one parameter while a query is built; its path says where the real value is. */
class Slot {
  constructor(readonly path: readonly (string | number)[]) {}
}

type Binding = { slot: readonly (string | number)[] } | { value: unknown };

interface Plan {
  sql: string;
  bindings: Binding[];
}

export interface Prepared<P, R> {
  execute(db: Executor, params: P): Promise<R[]>;
  executeTakeFirst(db: Executor, params: P): Promise<R | undefined>;
  run(db: Executor, params: P): Promise<QueryResult<R>>;
}

/**
 * A Kysely query that is built and compiled once per shape of its parameters, then only bound.
 * Building and compiling cost the order path as much CPU as SQLite running its statements.
 *
 * `build` receives stand-ins for the values in `params` and must pass them to Kysely as values
 * only: no arithmetic on them and no branching on them (branch on array lengths and on which
 * keys are present; those are part of the shape, so a new shape compiles anew).
 */
export function prepared<P extends object, R>(build: (db: Executor, params: P) => Compilable<R>): Prepared<P, R> {
  // Keyed by the executor's adapter (one per dialect and database): SQL text depends on the dialect.
  const plans = new WeakMap<object, Map<string, Plan>>();

  const planFor = (db: Executor, params: P): Plan => {
    const adapter = db.getExecutor().adapter;
    let byShape = plans.get(adapter);
    if (!byShape) plans.set(adapter, (byShape = new Map<string, Plan>()));
    const shape = shapeOf(params);
    let plan = byShape.get(shape);
    if (!plan) {
      const compiled = build(db, slotsFor(params, []) as P).compile();
      plan = {
        sql: compiled.sql,
        bindings: compiled.parameters.map((value) => (value instanceof Slot ? { slot: value.path } : { value })),
      };
      byShape.set(shape, plan);
    }
    return plan;
  };

  const run = (db: Executor, params: P) => {
    const plan = planFor(db, params);
    const parameters = plan.bindings.map((b) => ('slot' in b ? valueAt(params, b.slot) : b.value));
    return db.executeQuery<R>(CompiledQuery.raw(plan.sql, parameters));
  };

  return {
    run,
    execute: async (db, params) => (await run(db, params)).rows,
    executeTakeFirst: async (db, params) => (await run(db, params)).rows[0],
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const PLAIN_KEY = /^[\w$]+$/;

/** Array lengths, keys and undefined values: what changes the SQL text. Runs on every call, so plain loops. */
function shapeOf(value: unknown): string {
  if (value === undefined) return 'u';
  if (Array.isArray(value)) {
    let shape = '[';
    for (const item of value as unknown[]) shape += shapeOf(item) + ',';
    return shape + ']';
  }
  if (isPlainObject(value)) {
    let shape = '{';
    for (const key in value) shape += (PLAIN_KEY.test(key) ? key : JSON.stringify(key)) + ':' + shapeOf(value[key]) + ',';
    return shape + '}';
  }
  return '_';
}

function slotsFor(value: unknown, path: (string | number)[]): unknown {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.map((v, i) => slotsFor(v, [...path, i]));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, slotsFor(v, [...path, k])]));
  return new Slot(path);
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let value = root;
  for (const key of path) value = (value as Record<string | number, unknown>)[key];
  return value;
}
