/**
 * View-model helpers for the curve views: trend lines, averaged iterates, distances, decimation that
 * stays stable while a series grows, and the filtering a log axis needs. Pure and framework-free: the
 * page calls them on the columns it received from the worker (app/runData.ts).
 *
 * Every series here is indexed by *received point* i, whose iteration is steps[i]. The worker records
 * every `stride`-th step (every step with `record: "all"`) and may thin a frame further when the page
 * falls behind, so consecutive received steps can be more than 1 apart; helpers that depend on every
 * iterate (the running mean) say whether their result is exact.
 */

/**
 * Exponential moving average e_i = β·e_{i−1} + (1 − β)·y_i, started at the first finite value (no bias
 * correction); a non-finite y_i leaves the average unchanged (e_i = e_{i−1}, NaN before the first
 * finite value). Push values one at a time; `value` is the current average.
 */
export class Ema {
  value = NaN;

  constructor(readonly beta: number) {
    if (!(beta >= 0 && beta < 1)) throw new Error(`EMA factor must be in [0, 1), got ${beta}`);
  }

  push(y: number): number {
    if (Number.isFinite(y)) this.value = Number.isNaN(this.value) ? y : this.beta * this.value + (1 - this.beta) * y;
    return this.value;
  }
}

/** The EMA of y[0..n) as a new array (see Ema). */
export function ema(y: ArrayLike<number>, n: number, beta: number): Float64Array {
  const e = new Ema(beta);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = e.push(y[i]);
  return out;
}

/**
 * The running mean of the iterates θ̄_k = (1/(k+1))·Σ_{l=0..k} θ_l (seed 003, exercise 2), evaluated
 * at each received step. Exact while every step from 0 on has been received (`exact`). Where steps
 * were skipped (recording stride, thinned frames) the missing iterates between two received ones are
 * taken on the straight line between them, which is exact for iterates that move linearly and a close
 * approximation for smooth paths; `exact` turns false for good.
 *
 * Uses the incremental form m ← m + (w/W)·(v − m) rather than a running sum, so that θ̄ keeps full
 * float64 precision after 10⁶ iterates (gaps of 1e-16 are the point of S9).
 */
export class IterateAverage {
  /** Received points so far. */
  n = 0;
  /** θ̄ at each received point, row-major (dim values per point). */
  avg: Float64Array;
  /** True while every iterate since step 0 was received. */
  exact = true;
  private lastStep = -1;
  private readonly last: Float64Array;
  private readonly mean: Float64Array;

  constructor(readonly dim: number, capacity = 256) {
    this.avg = new Float64Array(Math.max(1, capacity) * dim);
    this.last = new Float64Array(dim);
    this.mean = new Float64Array(dim);
  }

  /** Adds the iterate θ_step = params[offset .. offset + dim); steps must increase. */
  push(step: number, params: ArrayLike<number>, offset = 0): void {
    const d = this.dim;
    if (this.n === 0) {
      // The first received point stands for every iterate up to it.
      if (step !== 0) this.exact = false;
      for (let j = 0; j < d; j++) this.mean[j] = this.last[j] = params[offset + j];
    } else {
      const gap = step - this.lastStep;
      if (!(gap >= 1)) throw new Error(`IterateAverage: steps must increase (got ${step} after ${this.lastStep})`);
      if (gap !== 1) this.exact = false;
      const w = gap / (step + 1);
      for (let j = 0; j < d; j++) {
        const v = params[offset + j];
        // The gap − 1 skipped iterates on the line from the last received one, plus θ_step itself.
        const segmentMean = gap === 1 ? v : (v + ((gap - 1) * (this.last[j] + v)) / 2) / gap;
        this.mean[j] += w * (segmentMean - this.mean[j]);
        this.last[j] = v;
      }
    }
    this.lastStep = step;
    this.reserve(this.n + 1);
    this.avg.set(this.mean, this.n * d);
    this.n++;
  }

  /** θ̄ at received point i (a view, not a copy). */
  at(i: number): Float64Array {
    return this.avg.subarray(i * this.dim, (i + 1) * this.dim);
  }

  private reserve(need: number): void {
    if (need * this.dim <= this.avg.length) return;
    let cap = Math.max(1, this.avg.length / Math.max(1, this.dim));
    while (cap < need) cap *= 2;
    const grown = new Float64Array(cap * this.dim);
    grown.set(this.avg);
    this.avg = grown;
  }
}

/** ‖θ − target‖² for θ = params[offset .. offset + target.length). */
export function squaredDistance(params: ArrayLike<number>, offset: number, target: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < target.length; j++) {
    const d = params[offset + j] - target[j];
    s += d * d;
  }
  return s;
}

/**
 * Indices 0, s, 2s, … (and n − 1) with the smallest power-of-two stride s that keeps at most `max`
 * of them. As n grows the chosen indices stay a subset of the earlier ones whenever s doubles, so
 * values computed per displayed index (an expensive f(θ̄_i)) can be cached.
 */
export function pow2Indices(n: number, max: number): Int32Array {
  if (n <= 0) return new Int32Array(0);
  const m = Math.max(2, max);
  let s = 1;
  while (Math.ceil(n / s) + 1 > m && s < n) s *= 2;
  const count = Math.floor((n - 1) / s) + 1;
  const lastOnGrid = (count - 1) * s === n - 1;
  const out = new Int32Array(count + (lastOnGrid ? 0 : 1));
  for (let k = 0; k < count; k++) out[k] = k * s;
  if (!lastOnGrid) out[count] = n - 1;
  return out;
}

/**
 * The entries of `idx` whose y is plottable: finite, and > 0 on a log axis (a log axis cannot show
 * 0 or negative values, and Plotly must never receive NaN).
 */
export function plottable(idx: Int32Array, y: ArrayLike<number>, log: boolean): Int32Array {
  let k = 0;
  const out = new Int32Array(idx.length);
  for (let j = 0; j < idx.length; j++) {
    const v = y[idx[j]];
    if (Number.isFinite(v) && (!log || v > 0)) out[k++] = idx[j];
  }
  return out.subarray(0, k);
}

/** Index of the entry of the increasing `steps[0..n)` closest to `step` (ties: the earlier); −1 if n = 0. */
export function nearestIndex(steps: ArrayLike<number>, n: number, step: number): number {
  if (n <= 0) return -1;
  let lo = 0;
  let hi = n - 1;
  if (step <= steps[0]) return 0;
  if (step >= steps[hi]) return hi;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (steps[mid] <= step) lo = mid;
    else hi = mid;
  }
  return step - steps[lo] <= steps[hi] - step ? lo : hi;
}

/** Index of the last i < n with a finite y[i] (and finite params row when `dim` is given); −1 if none. */
export function lastFiniteIndex(y: ArrayLike<number>, n: number, params?: ArrayLike<number>, dim = 0): number {
  outer: for (let i = n - 1; i >= 0; i--) {
    if (!Number.isFinite(y[i])) continue;
    for (let j = 0; j < dim; j++) if (!Number.isFinite(params![i * dim + j])) continue outer;
    return i;
  }
  return -1;
}
