/**
 * The tensor path's runner: every run of an experiment on a neural model, stepped in lockstep on the
 * same mini-batches, each with its optimizer from src/optim/ (through TensorRun). Implements the same
 * Engine interface as the float64 Runner, so the worker streams both alike.
 *
 * Cost model (REFERENCE §5): dispatches are cheap, readbacks are not. `advance(n)` queues n steps per
 * run and reads their metrics back once at the end (one readback per animation frame); θ is read
 * back then too, and only when the model is small enough to draw (MAX_STREAMED_PARAMS).
 *
 * Recorded rows: row t holds the mini-batch loss f_S(θ_{t−1}) that update t used (in `loss` and
 * `batchLoss`: on this path there is no separate full-data loss per step), its step size and raw
 * gradient norm; `params` is θ_t at the last step of each advance() call and NaN in between.
 */
import * as tf from '@tensorflow/tfjs';
import { makeRng, type Rng } from '../rng';
import { CONSTANT } from '../optim/schedules';
import { OPTIMIZERS } from '../optim/aliases';
import type { HyperValue } from '../optim/transform';
import type { Experiment, RunSpec } from '../experiment/types';
import { Recorder } from '../run/recorder';
import type { Engine, EngineRun } from '../run/engine';
import { DEFAULT_STEPS, DIVERGENCE_LOSS, ExperimentError, setLiveHyper } from '../run/runner';
import { batchTensors, type TensorModel } from '../models/model';
import { TensorRun } from './trainer';
import { EarlyStopping } from '../models/earlyStopping';
import { betaGrid, landscapeOf, type BetaGridRequest, type LandscapeRequest, type LandscapeResult } from './analysis';
import type { BetaCell } from '../models/classifier';
import { batchedSweep, type SweepRequest, type SweepResult } from './sweep';
import { withMemoryAdvice } from './memoryAdvice';

/** A run's position, kept on the CPU. */
export interface RunSnapshot {
  t: number;
  status: 'ok' | 'diverged' | 'done';
  reason?: string;
  theta: Float32Array;
}

/** A periodic evaluation of one run (train/validation loss…), streamed to the page. */
export interface RunEvaluation {
  step: number;
  values: Record<string, number>;
}

/** Models with more parameters than this stream no parameters (only metrics). */
export const MAX_STREAMED_PARAMS = 512;

export interface TensorEngineRun extends EngineRun {
  readonly run: TensorRun<unknown>;
  readonly batchSize: number;
  readonly evaluations: RunEvaluation[];
}

interface MutableRun {
  label: string;
  optimizer: string;
  totalSteps: number;
  stepsPerEpoch: number;
  recorder: Recorder;
  t: number;
  status: 'ok' | 'diverged' | 'done';
  reason?: string;
  divergedAt?: number;
  run: TensorRun<unknown>;
  batchSize: number;
  evaluations: RunEvaluation[];
  stopping: EarlyStopping;
}

/**
 * θ₀ of a run: the run's `init` array, N(0, I) for 'random', or the model's own initialisation.
 * Runs without their own seed share one stream, so a race starts from one point.
 */
function initialPoint(spec: RunSpec, index: number, model: TensorModel<unknown>, root: Rng): Float32Array {
  const rng = (spec.seed !== undefined ? makeRng(spec.seed) : root).fork('init');
  if (spec.init === undefined) return model.initParams(rng);
  if (spec.init === 'random') return Float32Array.from({ length: model.dim }, () => rng.normal());
  if (spec.init.length !== model.dim) {
    throw new ExperimentError(`runs[${index}].init: the model has ${model.dim} parameters, got ${spec.init.length} values`);
  }
  return Float32Array.from(spec.init);
}

export class TensorRunner implements Engine {
  readonly runs: readonly TensorEngineRun[];
  private readonly mutable: MutableRun[];
  readonly streamedDim: number;

  /**
   * `resume` restarts each run from a snapshot (after a lost WebGPU device): its θ and step count.
   * The optimizer state (momentum buffers, Adam's moments) starts afresh: it lived on the lost device.
   */
  constructor(readonly experiment: Experiment, readonly model: TensorModel<unknown>, readonly n: number, resume?: RunSnapshot[]) {
    this.streamedDim = model.dim <= MAX_STREAMED_PARAMS ? model.dim : 0;
    const root = makeRng(experiment.seed ?? 0);
    this.mutable = experiment.runs.map((spec, i) => {
      const batchSize = Math.min(spec.batchSize ?? n, n);
      if (spec.batchSize !== undefined && spec.batchSize > n) {
        throw new ExperimentError(`runs[${i}].batchSize: ${spec.batchSize} is larger than the ${n} samples`);
      }
      const stepsPerEpoch = Math.max(1, Math.ceil(n / batchSize));
      const totalSteps = experiment.epochs !== undefined ? experiment.epochs * stepsPerEpoch : (experiment.steps ?? DEFAULT_STEPS);
      const from = resume?.[i];
      const theta0 = from ? from.theta : initialPoint(spec, i, model, root);
      const start = tf.tensor1d(theta0);
      const run = new TensorRun(model, spec.optimizer, spec.hyper, spec.schedule ?? CONSTANT, start, stepsPerEpoch);
      start.dispose(); // TensorRun keeps its own copy
      const t0 = from?.t ?? 0;
      run.t = t0;
      const recorder = new Recorder(this.streamedDim, 1024);
      // A resumed run continues the page's history: its row at t0 was streamed before the loss.
      if (!from) recorder.push(t0, NaN, NaN, NaN, NaN, Float64Array.from(theta0.subarray(0, this.streamedDim)));
      const stopping = new EarlyStopping();
      const status = from?.status ?? (totalSteps ? 'ok' : 'done');
      return { label: spec.label, optimizer: spec.optimizer, totalSteps, stepsPerEpoch, recorder, t: t0, status, reason: from?.reason, run, batchSize, evaluations: [], stopping } as MutableRun;
    });
    this.runs = this.mutable;
    this.snapshots = this.mutable.map((r) => ({ t: r.t, status: r.status, reason: r.reason, theta: r.run.readTheta().slice() }));
  }

  /** θ and the step count of every run after the last advance(): what survives a lost device. */
  snapshots: RunSnapshot[];

  get done(): boolean {
    return this.mutable.every((r) => r.status !== 'ok');
  }

  /**
   * Queues up to n updates of every live run, in lockstep (no readback). Stops at the next
   * evaluation boundary, so reports land exactly every `reportEvery` updates.
   */
  private stepAll(n: number): { startT: number[]; taken: number } {
    const every = this.model.report ? this.model.reportEvery : undefined;
    if (every) {
      for (const r of this.mutable) if (r.status === 'ok') n = Math.min(n, every - (r.t % every));
    }
    let taken = 0;
    const startT = this.mutable.map((r) => r.t);
    for (let k = 0; k < n; k++) {
      const live = this.mutable.filter((r) => r.status === 'ok' && r.t < r.totalSteps);
      if (live.length === 0) break;
      // One batch per distinct batch size and step: racing runs see the same data.
      const batches = new Map<string, unknown>();
      for (const r of live) {
        const key = `${r.batchSize}:${r.t}`;
        if (!batches.has(key)) batches.set(key, this.model.batch(r.t, r.batchSize));
        r.run.step(batches.get(key));
        r.t += 1;
      }
      for (const b of batches.values()) tf.dispose(batchTensors(b));
      taken++;
    }
    return { startT, taken };
  }

  /** Advances and reads back synchronously (fine on the cpu and webgl backends, and in Node tests). */
  advance(n: number): number {
    const { startT, taken } = this.stepAll(n);
    this.mutable.forEach((r, i) => {
      this.record(r, startT[i], r.run.drainMetrics(), r.run.readTheta());
      const report = this.reportDue(r, startT[i]) ? this.model.report?.(r.run.theta.t) : undefined;
      if (report instanceof Promise) throw new Error(`${this.model.id} reports asynchronously: use advanceAsync`);
      this.afterReport(r, startT[i], report);
    });
    this.snapshots = this.mutable.map((r) => ({ t: r.t, status: r.status, reason: r.reason, theta: r.run.readTheta().slice() }));
    return taken;
  }

  /**
   * Advances with asynchronous readbacks: what the worker uses, because WebGPU's synchronous
   * readback returns zeros on some adapters. Per run: one readback of the metrics, one of θ (for
   * streaming small models and for the snapshot a lost device leaves us to continue from).
   */
  async advanceAsync(n: number): Promise<number> {
    try {
      return await this.advanceAsyncUnchecked(n);
    } catch (err) {
      throw withMemoryAdvice(err, 'training');
    }
  }

  private async advanceAsyncUnchecked(n: number): Promise<number> {
    const { startT, taken } = this.stepAll(n);
    const snapshots: RunSnapshot[] = [];
    for (let i = 0; i < this.mutable.length; i++) {
      const r = this.mutable[i];
      const metrics = await r.run.drainMetricsAsync();
      const theta = (await r.run.readThetaAsync()).slice();
      this.record(r, startT[i], metrics, theta);
      this.afterReport(r, startT[i], this.reportDue(r, startT[i]) ? await this.model.report?.(r.run.theta.t) : undefined);
      snapshots.push({ t: r.t, status: r.status, reason: r.reason, theta });
    }
    this.snapshots = snapshots;
    return taken;
  }

  private reportDue(r: MutableRun, from: number): boolean {
    const every = this.model.reportEvery;
    if (!this.model.report || !every || r.t === from || r.status === 'diverged') return false;
    return r.t % every === 0 || Math.floor(r.t / every) > Math.floor(from / every) || r.status !== 'ok';
  }

  /** Keeps a report and stops the run early when its validation loss stopped improving. */
  private afterReport(r: MutableRun, _from: number, values: Record<string, number> | undefined): void {
    if (!values) return;
    r.evaluations.push({ step: r.t, values });
    if (values.val !== undefined && r.stopping.update(r.t, values.train ?? NaN, values.val) && r.status === 'ok') {
      r.status = 'done';
      r.reason = `stopped early at step ${r.t}: validation loss did not improve by ${r.stopping.options.minDelta} in ${r.stopping.options.patience} evaluations (best ${r.stopping.best.toFixed(4)} at step ${r.stopping.bestIter})`;
    }
  }

  /** Text sampled from a run's current θ (models that generate text). */
  async sample(run: number, seed: number, length: number, temperature: number): Promise<string> {
    const r = this.mutable[run];
    if (!r) throw new ExperimentError(`run ${run}: no such run`);
    if (!this.model.sample) throw new ExperimentError(`${this.model.id} does not generate text`);
    return this.model.sample(r.run.theta.t, makeRng(seed).fork('sample'), length, temperature);
  }

  /** The metrics of the steps since `from`, checked for divergence, into the recorder. */
  private record(r: MutableRun, from: number, m: { loss: Float32Array; stepSize: Float32Array; gradNorm: Float32Array }, theta: Float32Array): void {
    const count = r.t - from;
    if (count <= 0) return;
    const nanParams = new Float64Array(this.streamedDim).fill(NaN);
    for (let i = 0; i < count; i++) {
      const loss = m.loss[i];
      const step = from + i + 1;
      if (!Number.isFinite(loss) || loss > DIVERGENCE_LOSS || !Number.isFinite(m.gradNorm[i])) {
        r.status = 'diverged';
        r.divergedAt = step - 1;
        r.reason = `diverged at step ${step - 1}: mini-batch loss ${loss}, gradient norm ${m.gradNorm[i]}; try a smaller step`;
        r.t = step - 1;
        return;
      }
      const params = this.streamedDim && i === count - 1 ? Float64Array.from(theta.subarray(0, this.streamedDim)) : nanParams;
      r.recorder.push(step, loss, loss, m.stepSize[i], m.gradNorm[i], params);
      const threshold = this.experiment.stopLoss;
      if (threshold !== undefined && loss < threshold) {
        // The loss this path records is the batch's (the full data's when the batch is all of it).
        // Steps queued after this one in the same chunk already ran on the device; the run counts,
        // and the views show, the steps up to the crossing.
        const what = r.batchSize >= this.n ? 'loss' : 'mini-batch loss';
        r.status = 'done';
        r.reason = `stopped at step ${step}: ${what} ${loss.toPrecision(3)} < ${threshold}`; // worded as the float64 runner does
        r.t = step;
        return;
      }
    }
    if (r.t >= r.totalSteps) r.status = 'done';
  }

  setHyper(run: number, name: string, value: HyperValue): void {
    const r = this.mutable[run];
    setLiveHyper(r && { optimizer: r.optimizer, hyper: r.run.hyper }, run, name, value);
  }

  /** S10: the loss landscape around a run's current θ, with its trajectory on the slice. */
  landscape(req: LandscapeRequest): Promise<LandscapeResult> {
    return landscapeOf(this, req);
  }

  /** Seeds and/or learning rates of this model as one batched [R, P] program. */
  sweep(req: SweepRequest): Promise<SweepResult> {
    if (!OPTIMIZERS[req.optimizer]) throw new ExperimentError(`sweep.optimizer: unknown optimizer "${req.optimizer}"`);
    const steps = Math.max(1, Math.min(100_000, Math.floor(req.steps)));
    const batchSize = Math.max(1, Math.min(this.n, Math.floor(req.batchSize)));
    return batchedSweep(this.model, { ...req, steps, batchSize });
  }

  /** S13: the Adam β₁ × β₂ grid on the neuron classifier (cells reported as they finish). */
  betaGrid(req: BetaGridRequest, onCell: (cell: BetaCell, index: number) => void): Promise<BetaCell[]> {
    if (this.experiment.problem !== 'classifier') {
      throw new Error(`the β grid is computed for the neuron classifier (problem "classifier"), not ${this.experiment.problem}`);
    }
    return betaGrid(req, onCell);
  }

  dispose(): void {
    for (const r of this.mutable) r.run.dispose();
    this.model.dispose();
  }
}
