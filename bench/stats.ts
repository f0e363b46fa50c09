/** How big a bench run is: `small` (the default, the whole `npm run bench` in a few minutes) or `full` (issue 18's sizes). */
export type BenchSize = 'small' | 'full';

/** What `ebz bench` hands every bench's run(). */
export interface BenchContext {
  size: BenchSize;
}

/** The limit measured beside a figure in the same run on the same machine (issue 18). */
export interface Limit {
  /** What was measured, e.g. "the same rows inserted straight into the replica schema". */
  name: string;
  value: number;
}

/** One measured figure; `npm run bench` prints each as a JSON line. */
export interface Figure {
  name: string;
  /** null when the figure cannot be measured yet (see note). */
  value: number | null;
  unit: string;
  goal?: string;
  limit?: Limit;
  /** value / limit.value. */
  ratio?: number;
  /** Whether the goal is met, when the goal is checkable. */
  pass?: boolean;
  /** Peak resident set size of the process named in `rssOf`, in MB. */
  peakRssMb?: number;
  rssOf?: string;
  note?: string;
}

/**
 * A figure measured beside its limit: the ratio, and pass/fail against the goal — at most `maxValue`
 * (in the figure's unit) and/or a ratio of at most `maxRatio`; both must hold when both are given.
 */
export function withLimit(
  f: Omit<Figure, 'limit' | 'ratio' | 'pass'> & { value: number },
  limit: Limit,
  goal: { maxValue?: number; maxRatio?: number },
): Figure {
  const ratio = limit.value > 0 ? f.value / limit.value : NaN;
  const checks: boolean[] = [];
  if (goal.maxValue !== undefined) checks.push(f.value <= goal.maxValue);
  if (goal.maxRatio !== undefined) checks.push(ratio <= goal.maxRatio);
  return { ...f, value: round(f.value), limit: { name: limit.name, value: round(limit.value) }, ratio: round(ratio), ...(checks.length ? { pass: checks.every(Boolean) } : {}) };
}

/** The size asked for: `ebz bench --size` sets EBZ_BENCH_SIZE, so a bench run alone reads it too. */
export function benchSize(ctx?: BenchContext): BenchSize {
  if (ctx?.size) return ctx.size;
  return process.env.EBZ_BENCH_SIZE === 'full' ? 'full' : 'small';
}

/** This process's peak RSS so far, in MB (getrusage: it never goes down). */
export function peakRssMb(): number {
  return round(process.resourceUsage().maxRSS / 1024, 0);
}

/** Percentiles over timed samples, for benchmarks. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? NaN;
}

export function timeMs<T>(fn: () => T): { ms: number; result: T } {
  const t = performance.now();
  const result = fn();
  return { ms: performance.now() - t, result };
}

export function round(v: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
