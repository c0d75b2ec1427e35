/**
 * The streamed history of every run, in plain growable typed arrays (not React state): frames append
 * here, views read from here in their animation-frame draw. `version` changes on every append or reset,
 * so a view redraws only when something is new.
 *
 * Long sessions stay bounded: a run holds at most `maxPoints(dim)` points (RUN_BYTES of columns and
 * parameters). Past that its history is thinned: every other point of all but the newest quarter is
 * dropped (the first and the newest points always stay), into a new RunSeries, so that the views'
 * per-run caches (keyed by the object) start afresh. Older history ends up sparser than recent history.
 */
import { FIELDS, type Field, type RunPoints } from '../src/index';

/** Bytes of history one run may hold (columns plus parameters, float64). */
export const RUN_BYTES = 16 * 1024 * 1024;

/** Points a run of dimension `dim` keeps before its history is thinned. */
export function maxPoints(dim: number): number {
  return Math.max(4096, Math.floor(RUN_BYTES / (8 * (FIELDS.length + dim))));
}

/** One run's history: parallel columns, `params` row-major with `dim` values per point. */
export class RunSeries {
  n = 0;
  readonly cols: Record<Field, Float64Array>;
  params: Float64Array;

  constructor(readonly dim: number, capacity = 1024) {
    this.cols = { step: new Float64Array(capacity), loss: new Float64Array(capacity), batchLoss: new Float64Array(capacity), stepSize: new Float64Array(capacity), gradNorm: new Float64Array(capacity) };
    this.params = new Float64Array(capacity * dim);
  }

  append(p: RunPoints): void {
    const k = p.step.length;
    if (k === 0) return;
    this.reserve(this.n + k);
    for (const f of FIELDS) this.cols[f].set(p[f], this.n);
    this.params.set(p.params.subarray(0, k * this.dim), this.n * this.dim);
    this.n += k;
  }

  /**
   * A copy with every other point of [0, n − keepRecent) dropped (even indices stay, so the first point
   * does) and the last `keepRecent` points kept whole.
   */
  thinned(keepRecent = Math.floor(this.n / 4)): RunSeries {
    const recent = Math.max(0, Math.min(this.n, keepRecent));
    const old = this.n - recent;
    const keep: number[] = [];
    for (let i = 0; i < old; i += 2) keep.push(i);
    for (let i = old; i < this.n; i++) keep.push(i);
    const out = new RunSeries(this.dim, Math.max(keep.length, maxPoints(this.dim)) + 4096);
    const d = this.dim;
    keep.forEach((i, j) => {
      for (const f of FIELDS) out.cols[f][j] = this.cols[f][i];
      out.params.set(this.params.subarray(i * d, (i + 1) * d), j * d);
    });
    out.n = keep.length;
    out.thinnedCount = this.thinnedCount + 1;
    return out;
  }

  /** How many times this history was thinned (0: every received point is here). */
  thinnedCount = 0;

  /** Parameter vector of point i (a copy). */
  paramsAt(i: number): number[] {
    return Array.from(this.params.subarray(i * this.dim, (i + 1) * this.dim));
  }

  private reserve(need: number): void {
    const cap = this.cols.step.length;
    if (need <= cap) return;
    let next = cap * 2;
    while (next < need) next *= 2;
    for (const f of FIELDS) {
      const grown = new Float64Array(next);
      grown.set(this.cols[f].subarray(0, this.n));
      this.cols[f] = grown;
    }
    const grown = new Float64Array(next * this.dim);
    grown.set(this.params.subarray(0, this.n * this.dim));
    this.params = grown;
  }
}

let runs: RunSeries[] = [];
let version = 0;

/** Drops all history: `count` empty runs of dimension `dim` (0 until the problem is loaded). */
export function resetRunData(count: number, dim: number): void {
  runs = Array.from({ length: count }, () => new RunSeries(dim));
  version++;
}

/** Appends one decoded frame (one RunPoints per run). */
export function appendFrame(points: readonly RunPoints[]): void {
  points.forEach((p, r) => {
    const run = runs[r];
    if (!run) return;
    run.append(p);
    if (run.n > maxPoints(run.dim)) runs[r] = run.thinned();
  });
  version++;
}

export function getRuns(): readonly RunSeries[] {
  return runs;
}

export function dataVersion(): number {
  return version;
}

/** Indices 0..n−1 thinned to at most `max` by an even stride, always keeping the first and last. */
export function strideIndices(n: number, max: number): Int32Array {
  if (n <= max) return Int32Array.from({ length: n }, (_, i) => i);
  const out = new Int32Array(max);
  for (let j = 0; j < max; j++) out[j] = Math.round((j * (n - 1)) / (max - 1));
  return out;
}

/**
 * Indices thinned to at most `max` keeping each bucket's minimum and maximum of `y` (in order), so spikes
 * in a loss or step-size curve survive decimation. NaN entries are skipped.
 */
export function minMaxIndices(y: Float64Array, n: number, max: number): Int32Array {
  if (n <= max) return Int32Array.from({ length: n }, (_, i) => i);
  const buckets = Math.max(1, Math.floor(max / 2));
  const out: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const lo = Math.floor((b * n) / buckets);
    const hi = Math.floor(((b + 1) * n) / buckets);
    let iMin = -1;
    let iMax = -1;
    for (let i = lo; i < hi; i++) {
      const v = y[i];
      if (Number.isNaN(v)) continue;
      if (iMin < 0 || v < y[iMin]) iMin = i;
      if (iMax < 0 || v > y[iMax]) iMax = i;
    }
    if (iMin < 0) continue;
    if (iMin === iMax) out.push(iMin);
    else out.push(Math.min(iMin, iMax), Math.max(iMin, iMax));
  }
  if (out[out.length - 1] !== n - 1) out[out.length - 1] = n - 1;
  return Int32Array.from(out);
}

/** src[idx[j]·stride + offset] for every j (a column of a row-major block when stride > 1). */
export function gather(src: Float64Array, idx: Int32Array, stride = 1, offset = 0): Float64Array {
  const out = new Float64Array(idx.length);
  for (let j = 0; j < idx.length; j++) out[j] = src[idx[j] * stride + offset];
  return out;
}
