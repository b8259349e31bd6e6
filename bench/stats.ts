/** Nearest-rank percentile of an ascending-sorted array; NaN when empty so gaps show up in the report. */
export function percentileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? Number.NaN;
}

export interface Distribution {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function distribution(values: readonly number[]): Distribution {
  const sorted = Float64Array.from(values).sort();
  const arr = Array.from(sorted);
  let sum = 0;
  for (const v of arr) sum += v;
  return {
    count: arr.length,
    p50: percentileSorted(arr, 50),
    p95: percentileSorted(arr, 95),
    p99: percentileSorted(arr, 99),
    max: arr.length ? (arr[arr.length - 1] ?? Number.NaN) : Number.NaN,
    mean: arr.length ? sum / arr.length : Number.NaN,
  };
}

export function median(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return Number.NaN;
  const mid = finite.length >> 1;
  return finite.length % 2 ? (finite[mid] ?? Number.NaN) : ((finite[mid - 1] ?? 0) + (finite[mid] ?? 0)) / 2;
}

export type Figures = Record<string, number>;

/** Field-wise median over runs; every run is expected to report the same keys. */
export function medianFigures(runs: readonly Figures[]): Figures {
  const keys = new Set(runs.flatMap((r) => Object.keys(r)));
  const out: Figures = {};
  for (const key of keys) out[key] = median(runs.map((r) => r[key] ?? Number.NaN));
  return out;
}

/** Zero-tolerance counters add up over runs instead: one lost event in any run is a failure. */
export function sumFigures(runs: readonly Figures[], keys: readonly string[]): Figures {
  const out: Figures = {};
  for (const key of keys) out[key] = runs.reduce((acc, r) => acc + (r[key] ?? 0), 0);
  return out;
}

export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
