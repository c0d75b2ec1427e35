/**
 * Per-run series the page derives from the received points (src/view helpers do the maths), kept
 * incrementally: the running mean θ̄ of the iterates, ‖θ_k − θ*‖², the step-size EMA, and
 * f(θ̄_k) − f(θ*), which needs the loss at points the worker never visited and is therefore evaluated
 * lazily, only at the indices a view displays (cached; pow2Indices keeps those indices stable).
 *
 * θ̄ is computed from what was received: exact while every iterate arrived (`record: "all"` at a speed
 * the page keeps up with), otherwise skipped iterates are interpolated linearly and `avgExact` says so.
 */
import { Ema, IterateAverage, pageProblem, parseExperiment, sameProblem, squaredDistance } from '../../src/index';
import type { PageProblem, ProblemInfo } from '../../src/index';
import type { RunSeries } from '../runData';
import { useStore } from '../store';

function grow(a: Float64Array<ArrayBuffer>, need: number): Float64Array<ArrayBuffer> {
  if (need <= a.length) return a;
  let cap = Math.max(16, a.length);
  while (cap < need) cap *= 2;
  const b = new Float64Array(cap);
  b.set(a);
  return b;
}

export class RunDerived {
  private processed = 0;
  readonly avg: IterateAverage;
  /** ‖θ_i − θ*‖² per received point (empty without a known θ*). */
  dist2 = new Float64Array(0);
  /** EMA of the step size per received point. */
  stepEma = new Float64Array(0);
  /** f(θ_i) − f(θ*) per received point (empty without a known θ*). */
  gap = new Float64Array(0);
  /** Each parameter as its own column (the parameters view plots them against k). */
  paramCols: Float64Array<ArrayBuffer>[];
  private ema: Ema;
  private avgGap = new Float64Array(0);
  private avgGapDone = new Uint8Array(0);

  constructor(readonly run: RunSeries, readonly info: ProblemInfo, private beta: number) {
    this.avg = new IterateAverage(run.dim, 256);
    this.ema = new Ema(beta);
    this.paramCols = Array.from({ length: run.dim }, () => new Float64Array(0));
  }

  /** Brings every series up to the run's received points, with EMA factor `beta`. */
  update(beta: number): this {
    const run = this.run;
    if (beta !== this.beta) {
      this.beta = beta;
      this.ema = new Ema(beta);
      for (let i = 0; i < this.processed; i++) this.stepEma[i] = this.ema.push(run.cols.stepSize[i]);
    }
    const n = run.n;
    if (n <= this.processed) return this;
    const dim = run.dim;
    const target = this.info.optimum?.theta;
    this.stepEma = grow(this.stepEma, n);
    for (let j = 0; j < dim; j++) this.paramCols[j] = grow(this.paramCols[j], n);
    const fStar = this.info.optimum?.value ?? NaN;
    if (target) {
      this.dist2 = grow(this.dist2, n);
      this.gap = grow(this.gap, n);
    }
    for (let i = this.processed; i < n; i++) {
      this.avg.push(run.cols.step[i], run.params, i * dim);
      this.stepEma[i] = this.ema.push(run.cols.stepSize[i]);
      for (let j = 0; j < dim; j++) this.paramCols[j][i] = run.params[i * dim + j];
      if (target) {
        this.dist2[i] = squaredDistance(run.params, i * dim, target);
        this.gap[i] = run.cols.loss[i] - fStar;
      }
    }
    this.processed = n;
    return this;
  }

  /** f(θ̄_i) − f(θ*), or NaN where it cannot be computed (no θ*, no page problem). */
  avgGapAt(i: number): number {
    const opt = this.info.optimum;
    const problem = problemFor(this.info);
    if (!opt || !problem || i >= this.processed) return NaN;
    if (this.avgGap.length < this.processed) {
      this.avgGap = grow(this.avgGap, this.processed);
      const done = new Uint8Array(this.avgGap.length);
      done.set(this.avgGapDone);
      this.avgGapDone = done;
    }
    if (!this.avgGapDone[i]) {
      this.avgGap[i] = problem.loss(this.avg.at(i)) - opt.value;
      this.avgGapDone[i] = 1;
    }
    return this.avgGap[i];
  }
}

const cache = new WeakMap<RunSeries, RunDerived>();

/** The derived series of `run`, up to date. */
export function derivedOf(run: RunSeries, info: ProblemInfo, beta: number): RunDerived {
  let d = cache.get(run);
  if (!d || d.info !== info) {
    d = new RunDerived(run, info, beta);
    cache.set(run, d);
  }
  return d.update(beta);
}

let built: { info: ProblemInfo; problem: PageProblem | null; reason: string | null } | null = null;

/**
 * The loaded problem's loss on the page (for f(θ̄) and full-data gradients), built once per load from
 * the experiment in the store and checked against the worker's description; null if it does not match
 * (the experiment was edited after the load: the next load brings a new info).
 */
export function problemFor(info: ProblemInfo): PageProblem | null {
  if (built?.info === info) return built.problem;
  const parsed = parseExperiment(useStore.getState().experiment);
  let problem: PageProblem | null = null;
  let reason: string | null = null;
  if (!parsed.ok) reason = 'the edited experiment is not valid';
  else {
    const p = pageProblem(parsed.experiment);
    if (typeof p === 'string') reason = p;
    else if (!sameProblem(p, info)) reason = 'the experiment changed since it was loaded';
    else problem = p;
  }
  built = { info, problem, reason };
  return problem;
}

/** Why problemFor(info) is null, if it is. */
export function problemReason(info: ProblemInfo): string | null {
  problemFor(info);
  return built?.reason ?? null;
}
