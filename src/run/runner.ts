/**
 * The runner: every run of one experiment, stepped in lockstep on the same data and batch order.
 *
 * Per update t of a run: f_S(θ_{t−1}) and g = ∇f_S(θ_{t−1}) on the batch of update t; the optimizer
 * chain turns g into Δθ; θ_t = θ_{t−1} + Δθ. A run whose loss or parameters stop being finite, or
 * whose loss passes DIVERGENCE_LOSS, stops with a reason; the others go on. Hyperparameters are live.
 *
 * Runs in Node (tests, CLI), in the worker, and on the main thread alike: no DOM, no framework.
 */
import { makeRng, type Rng } from '../rng';
import { makeOptimizer, withDefaults, OPTIMIZERS } from '../optim/aliases';
import type { BatchOracle, Hyper, HyperValue, StepContext, Transform } from '../optim/transform';
import { CONSTANT } from '../optim/schedules';
import { makeProblem } from '../problems/registry';
import type { Problem } from '../problems/problem';
import { checkHyper } from '../experiment/schema';
import type { Experiment, RunSpec } from '../experiment/types';
import { BatchSampler } from './batches';
import { Recorder } from './recorder';
import type { Engine, EngineRun } from './engine';
import { inspectOptimizer, type OptimizerInternals } from '../optim/inspect';

/** A loss above this (float64 overflow is ~1.8e308) counts as an explosion. */
export const DIVERGENCE_LOSS = 1e30;
/** Steps when the experiment gives neither steps nor epochs. */
export const DEFAULT_STEPS = 1000;
/** Default recording keeps about this many points per run. */
export const DEFAULT_RECORDED_POINTS = 2000;

export type RunStatusKind = 'ok' | 'diverged' | 'done';

export interface Run extends EngineRun {
  readonly index: number;
  readonly label: string;
  readonly optimizer: string;
  /** Live hyperparameters: the optimizer reads them at every step. */
  readonly hyper: Hyper;
  readonly theta: Float64Array;
  readonly totalSteps: number;
  readonly stepsPerEpoch: number;
  readonly sampler: BatchSampler;
  readonly recorder: Recorder;
  /** Updates done so far. */
  t: number;
  status: RunStatusKind;
  reason?: string;
  divergedAt?: number;
  /** Function evaluations beyond the one per step (Armijo trials, look-ahead gradients). */
  extraEvaluations: number;
}

interface RunInternals extends Run {
  transform: Transform<unknown>;
  state: unknown;
  grad: Float64Array;
  u: Float64Array;
  ctx: StepContext;
  batch: Int32Array | null;
  stride: number;
}

/** Where a run continues after a worker crash (see Runner.resumeRun). */
export interface ResumePoint {
  t: number;
  status: RunStatusKind;
  reason?: string;
  divergedAt?: number;
  theta: ArrayLike<number>;
}

/** Thrown for an experiment that validates structurally but cannot be built; names the field. */
export class ExperimentError extends Error {}

/**
 * A run's last update as the views draw it (read-only views into the runner's arrays: copy what you
 * keep). θ_t is the current point; `step` = θ_t − θ_{t−1} and `batchGrad` = g_t = ∇f_S(θ_{t−1}) are
 * null before the first update.
 */
export interface StepInternals extends OptimizerInternals {
  t: number;
  theta: Float64Array;
  step: Float64Array | null;
  batchGrad: Float64Array | null;
}

export interface RunnerOptions {
  /**
   * The experiment's problem, already built from the same problem, parameters and data (a sweep
   * shares one across its batch sizes); built from the experiment when absent.
   */
  problem?: Problem;
  /**
   * Record the exact residual sum, never `problem.recordLoss` (a sweep's decisions compare recorded
   * losses, and it records once per epoch, where the cheaper form saves little).
   */
  exactRecording?: boolean;
}

export class Runner implements Engine {
  readonly problem: Problem;
  readonly runs: readonly Run[];
  private readonly internals: RunInternals[];
  private readonly samplers = new Map<number, BatchSampler>();
  /** f(θ) on all the data for the history: the problem's cheaper form where it has one. */
  private readonly fullLoss: (theta: Float64Array) => number;

  constructor(readonly experiment: Experiment, options: RunnerOptions = {}) {
    const root = makeRng(experiment.seed ?? 0);
    this.problem = options.problem ?? buildProblem(experiment);
    const batchRng = root.fork('batches');
    this.internals = experiment.runs.map((spec, i) => this.makeRun(spec, i, batchRng, root));
    this.runs = this.internals;
    const p = this.problem;
    // Full-loss evaluations ahead: one per recorded step, one per step with a loss threshold.
    let evaluations = 0;
    for (const r of this.internals) evaluations += experiment.stopLoss !== undefined ? r.totalSteps : Math.ceil(r.totalSteps / r.stride);
    this.fullLoss = p.makeRecordLoss && !options.exactRecording ? p.makeRecordLoss(evaluations) : (theta) => p.loss(theta, null);
  }

  private makeRun(spec: RunSpec, index: number, batchRng: Rng, root: Rng): RunInternals {
    const p = this.problem;
    const e = this.experiment;
    const batchSize = spec.batchSize ?? p.n;
    if (batchSize > p.n) {
      throw new ExperimentError(`runs[${index}].batchSize: ${batchSize} is larger than the ${p.n} samples`);
    }
    // One sampler per batch size: runs of the same batch size see the same batches (lockstep), so
    // they share the epoch's permutation instead of each drawing it again.
    let sampler = this.samplers.get(batchSize);
    if (!sampler) this.samplers.set(batchSize, (sampler = new BatchSampler(batchRng, p.n, batchSize, e.sampling ?? 'shuffle')));
    const totalSteps = e.epochs !== undefined ? e.epochs * sampler.stepsPerEpoch : (e.steps ?? DEFAULT_STEPS);
    const theta = this.initialPoint(spec, index, root);
    const hyper = withDefaults(spec.optimizer, spec.hyper);
    for (const [name, h] of Object.entries(OPTIMIZERS[spec.optimizer].hyper)) {
      const v = hyper[name];
      if (h.kind === 'vector' && Array.isArray(v) && v.length > 0 && v.length !== p.dim) {
        throw new ExperimentError(`runs[${index}].hyper.${name}: needs ${p.dim} entries (one per parameter), got ${v.length}`);
      }
    }
    const transform = makeOptimizer(spec.optimizer, hyper, spec.schedule ?? CONSTANT);
    const every = e.record === 'all' ? 1 : e.record ? e.record.every : Math.max(1, Math.ceil(totalSteps / DEFAULT_RECORDED_POINTS));
    const run: RunInternals = {
      index, label: spec.label, optimizer: spec.optimizer, hyper, theta, totalSteps, sampler, stepsPerEpoch: sampler.stepsPerEpoch,
      recorder: new Recorder(p.dim, Math.min(totalSteps / every + 2, 4096)),
      t: 0, status: totalSteps === 0 ? 'done' : 'ok', extraEvaluations: 0,
      transform, state: transform.init(theta),
      grad: new Float64Array(p.dim), u: new Float64Array(p.dim), batch: null, stride: every,
      ctx: undefined as unknown as StepContext,
    };
    const oracle: BatchOracle = { evaluate: (x, g) => p.loss(x, run.batch, g) };
    run.ctx = { t: 0, epoch: 0, loss: 0, params: theta, grad: run.grad, oracle, stepSize: 1, evaluations: 0 };
    const f0 = p.loss(theta, null);
    run.recorder.push(0, f0, NaN, NaN, NaN, theta);
    if (!Number.isFinite(f0)) this.diverge(run, 0, `the loss at the start point is ${f0}`);
    else if (e.stopLoss !== undefined && f0 < e.stopLoss && run.status === 'ok') {
      run.status = 'done';
      run.reason = `stopped at step 0: loss ${fmt(f0)} < ${e.stopLoss}`;
    }
    return run;
  }

  private initialPoint(spec: RunSpec, index: number, root: Rng): Float64Array {
    const p = this.problem;
    if (spec.init === undefined) return Float64Array.from(p.defaultInit);
    if (spec.init === 'random') {
      // Runs without their own seed share one random start (a fresh fork of the same stream), so a
      // race starts from one point.
      const r = (spec.seed !== undefined ? makeRng(spec.seed) : root).fork('init');
      const theta = new Float64Array(p.dim);
      for (let i = 0; i < p.dim; i++) theta[i] = r.normal();
      return theta;
    }
    if (spec.init.length !== p.dim) {
      throw new ExperimentError(
        `runs[${index}].init: ${p.id} has ${p.dim} parameters (${p.paramNames.join(', ')}), got ${spec.init.length} values`,
      );
    }
    return Float64Array.from(spec.init);
  }

  /** True when no run can take another step. */
  get done(): boolean {
    return this.internals.every((r) => r.status !== 'ok');
  }

  /** The largest number of updates any run still has to take. */
  get remaining(): number {
    let m = 0;
    for (const r of this.internals) if (r.status === 'ok') m = Math.max(m, r.totalSteps - r.t);
    return m;
  }

  /** Advances every live run by up to `n` updates, in lockstep. Returns the updates taken (max over runs). */
  advance(n: number): number {
    let taken = 0;
    for (let k = 0; k < n; k++) {
      let any = false;
      for (const r of this.internals) {
        if (r.status === 'ok') {
          this.stepRun(r);
          any = true;
        }
      }
      if (!any) break;
      taken++;
    }
    return taken;
  }

  private stepRun(r: RunInternals): void {
    const p = this.problem;
    const k = r.t; // 0-based index of this update
    r.batch = r.sampler.batch(k);
    const loss = p.loss(r.theta, r.batch, r.grad);
    let g2 = 0;
    for (let i = 0; i < r.grad.length; i++) g2 += r.grad[i] * r.grad[i];
    if (!Number.isFinite(loss) || loss > DIVERGENCE_LOSS || !Number.isFinite(g2)) {
      this.diverge(r, k, `mini-batch loss ${fmt(loss)}, gradient norm ${fmt(Math.sqrt(g2))}`);
      return;
    }
    const ctx = r.ctx;
    ctx.t = k + 1;
    ctx.epoch = Math.floor(k / r.sampler.stepsPerEpoch);
    ctx.loss = loss;
    ctx.stepSize = 1;
    ctx.evaluations = 0;
    r.u.set(r.grad);
    r.transform.update(r.u, r.state, ctx);
    const theta = r.theta;
    let finite = true;
    for (let i = 0; i < theta.length; i++) {
      theta[i] += r.u[i];
      if (!Number.isFinite(theta[i])) finite = false;
    }
    r.t = k + 1;
    r.extraEvaluations += ctx.evaluations;
    if (!finite) {
      this.diverge(r, r.t, `a parameter became ${fmt(theta.find((v) => !Number.isFinite(v)) ?? NaN)} (step size ${fmt(ctx.stepSize)})`);
      return;
    }
    const last = r.t === r.totalSteps;
    const threshold = this.experiment.stopLoss;
    // With a loss threshold, f(θ_t) on the full data is evaluated after every update (one more pass).
    const full = last || r.t % r.stride === 0 || threshold !== undefined ? this.fullLoss(theta) : NaN;
    const reached = threshold !== undefined && full < threshold;
    if (last || reached || r.t % r.stride === 0) {
      r.recorder.push(r.t, full, loss, ctx.stepSize, Math.sqrt(g2), theta);
      if (!Number.isFinite(full) || full > DIVERGENCE_LOSS) {
        this.diverge(r, r.t, `loss ${fmt(full)}`);
        return;
      }
    }
    if (reached) {
      r.status = 'done';
      r.reason = `stopped at step ${r.t}: loss ${fmt(full)} < ${threshold}`;
    } else if (last) r.status = 'done';
  }

  private diverge(r: RunInternals, step: number, what: string): void {
    r.status = 'diverged';
    r.divergedAt = step;
    const lr = r.hyper.lr ?? r.hyper.alpha ?? r.hyper.eta0;
    // ε = 0 turns a zero gradient entry into 0/0 = NaN (as in PyTorch): a smaller step would not help.
    const zeroEps = r.hyper.eps === 0 && what.includes('NaN');
    const hint = zeroEps ? '; with ε = 0 a zero gradient entry gives 0/0: use ε > 0, e.g. 1e-8'
      : typeof lr === 'number' ? `; try a smaller ${'lr' in r.hyper ? 'lr' : 'alpha' in r.hyper ? 'alpha' : 'eta0'} than ${lr}` : '; try a smaller step (a cap such as max_lr)';
    r.reason = `diverged at step ${step}: ${what}${hint}`;
  }

  /** The optimizer internals of run `run` after its last update (see StepInternals). */
  inspect(run: number): StepInternals {
    const r = this.internals[run];
    const started = r.t > 0;
    return { ...inspectOptimizer(r.optimizer, r.state), t: r.t, theta: r.theta, step: started ? r.u : null, batchGrad: started ? r.grad : null };
  }

  /** Changes a hyperparameter of a live run; the next update uses it. Throws with a clear message. */
  setHyper(run: number, name: string, value: HyperValue): void {
    setLiveHyper(this.internals[run], run, name, value);
  }

  /**
   * Continues run `run` from a point the page received before its worker crashed: θ and the update
   * count come back, the optimizer state restarts (momentum, Adam's moments) and the history starts
   * afresh after step t (the page keeps what it had). The batch order is a function of t, so the
   * batches are the ones the crashed run would have seen.
   */
  resumeRun(run: number, point: ResumePoint): void {
    const r = this.internals[run];
    if (!r) throw new ExperimentError(`resume: no run ${run}`);
    if (point.theta.length !== r.theta.length) throw new ExperimentError(`resume: run ${run} has ${r.theta.length} parameters, got ${point.theta.length}`);
    r.t = Math.max(0, Math.min(r.totalSteps, Math.floor(point.t) || 0));
    r.theta.set(point.theta);
    r.state = r.transform.init(r.theta);
    r.recorder.truncate(0);
    r.status = point.status === 'ok' && r.t >= r.totalSteps ? 'done' : point.status;
    r.reason = point.reason;
    r.divergedAt = point.divergedAt;
  }

  /** Runs every run to its end (headless use). */
  runToEnd(): void {
    while (!this.done) this.advance(4096);
  }
}

/**
 * The problem of an experiment, its data drawn from `data.seed` where given, else from the experiment
 * seed's 'data' stream. Throws an ExperimentError naming the field.
 */
export function buildProblem(experiment: Experiment): Problem {
  const dataRng = experiment.data && 'seed' in experiment.data && experiment.data.seed !== undefined
    ? makeRng(experiment.data.seed).fork('data')
    : makeRng(experiment.seed ?? 0).fork('data');
  try {
    return makeProblem(experiment.problem, experiment.problemParams, experiment.data, dataRng, { expression: experiment.expression });
  } catch (err) {
    throw new ExperimentError(`problem: ${(err as Error).message}`);
  }
}

/**
 * Writes a checked hyperparameter into a run's live `hyper` object (both runners): the optimizer
 * reads it at its next update. Throws an ExperimentError naming the field.
 */
export function setLiveHyper(r: { optimizer: string; hyper: Hyper } | undefined, run: number, name: string, value: HyperValue): void {
  if (!r) throw new ExperimentError(`run ${run}: no such run`);
  const spec = OPTIMIZERS[r.optimizer].hyper[name];
  if (!spec) throw new ExperimentError(`runs[${run}].hyper.${name}: ${r.optimizer} has no hyperparameter ${name}`);
  const msg = checkHyper(spec, value);
  if (msg) throw new ExperimentError(`runs[${run}].hyper.${name}: ${msg}`);
  r.hyper[name] = Array.isArray(value) ? [...value] : value;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(3) : String(x);
}
