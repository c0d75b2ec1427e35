/**
 * The every-K-iterations evaluation of S5: early stopping on the validation loss, the
 * generalisation gap, and an EMA trend line (for the Polyak step size, whose raw values spike).
 */

export interface EarlyStoppingOptions {
  /** Evaluations without improvement before stopping (seed 001: 3). */
  patience: number;
  /** An improvement must beat the best validation loss by more than this (seed 001: 0.001). */
  minDelta: number;
  /** Evaluations before the rule may stop (seed 001's min_epochs, counted in evaluations). */
  minEvals: number;
}

export const EARLY_STOPPING: EarlyStoppingOptions = { patience: 3, minDelta: 0.001, minEvals: 0 };

export interface Evaluation {
  iter: number;
  train: number;
  val: number;
  /** Generalisation gap: val − train. */
  gap: number;
}

/**
 * Seed 001's rule: an evaluation improves when val < best − minDelta (then the count of bad
 * evaluations resets), else the count grows and training stops when it reaches `patience`.
 * `best` follows every decrease, also those smaller than minDelta (as in the seed, where the best
 * model is saved on any decrease), so min Δ is measured from the lowest value seen.
 * A NaN validation loss never improves.
 */
export class EarlyStopping {
  readonly options: EarlyStoppingOptions;
  readonly history: Evaluation[] = [];
  best = Infinity;
  bestIter = -1;
  /** Evaluations since the last improvement. */
  bad = 0;
  stopped = false;

  constructor(options: Partial<EarlyStoppingOptions> = {}) {
    this.options = { ...EARLY_STOPPING, ...options };
  }

  /** Records an evaluation; returns whether training should stop now. */
  update(iter: number, train: number, val: number): boolean {
    this.history.push({ iter, train, val, gap: val - train });
    const armed = this.history.length > this.options.minEvals;
    if (val < this.best - this.options.minDelta) this.bad = 0;
    else if (armed) this.bad++;
    if (val < this.best) {
      this.best = val;
      this.bestIter = iter;
    }
    if (armed && this.bad >= this.options.patience) this.stopped = true;
    return this.stopped;
  }
}

/**
 * Exponential moving average with bias correction (Adam's, TensorBoard's debiased smoothing):
 *   m_k = β m_{k−1} + (1 − β) x_k,  m_0 = 0;   trend_k = m_k / (1 − β^{n_k})
 * where n_k counts the finite values so far; a non-finite x_k is skipped (trend repeats; NaN before
 * the first finite value). `log: true` smooths log x (x > 0; others skipped) and returns exp of the
 * trend — a geometric mean that a single spike of 10³ does not dominate.
 */
export class EmaTrend {
  private m = 0;
  private n = 0;

  constructor(readonly beta = 0.9, readonly log = false) {
    if (!(beta >= 0 && beta < 1)) throw new Error(`beta must lie in [0, 1), got ${beta}.`);
  }

  push(x: number): number {
    const v = this.log ? (x > 0 ? Math.log(x) : NaN) : x;
    if (Number.isFinite(v)) {
      this.m = this.beta * this.m + (1 - this.beta) * v;
      this.n++;
    }
    return this.value;
  }

  get value(): number {
    if (this.n === 0) return NaN;
    const t = this.m / (1 - this.beta ** this.n);
    return this.log ? Math.exp(t) : t;
  }
}

/** The trend of a whole series (one value per input). */
export function emaTrend(xs: ArrayLike<number>, beta = 0.9, log = false): Float64Array {
  const ema = new EmaTrend(beta, log);
  const out = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = ema.push(xs[i]);
  return out;
}
