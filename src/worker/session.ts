/**
 * The worker's logic, independent of the worker global so that tests run it in Node and the page
 * can run it on the main thread as a fallback: commands in (ToWorker), frames out (FromWorker).
 *
 * While playing, it steps the runner in slices of ~SLICE_MS (or at the requested steps per second),
 * yielding between slices so commands (pause, setHyper) are handled promptly. It sends a frame only
 * when the page has acknowledged the previous one; what accumulates meanwhile is decimated to at
 * most MAX_FRAME_POINTS per run.
 */
import { parseExperiment } from '../experiment/schema';
import type { BackendChoice, Experiment } from '../experiment/types';
import { Runner, type ResumePoint } from '../run/runner';
import { Sweep, tunedChoices } from '../run/sweep';
import type { Engine } from '../run/engine';
import { MODEL_CATALOG } from '../models/catalog';
import { sliceGrid } from '../run/landscape';
import { describeAnalytic } from './describe';
import { makeMacrotask } from './macrotask';

export { describeAnalytic };
import { FIELDS, frameLength } from './frame';
import { INTERNALS_MAX_DIM, type FromWorker, type ProblemInfo, type RunInternals, type RunStatus, type ToWorker } from './protocol';

export const SLICE_MS = 12;
/** Target duration of one tick of an asynchronous (tensor) engine: steps, then their readback. */
export const ASYNC_TICK_MS = 60;

/** Commands that use the engine and must not interleave with an asynchronous step. */
const ENGINE_COMMANDS = new Set<ToWorker['type']>(['step', 'sample', 'landscape', 'betaGrid', 'sweep']);

/** An engine whose steps read back asynchronously (the tensor path). */
interface AsyncEngine extends Engine {
  advanceAsync(n: number): Promise<number>;
  sample?(run: number, seed: number, length: number, temperature: number): Promise<string>;
}

const isAsync = (e: Engine | null): e is AsyncEngine => !!e && typeof (e as Partial<AsyncEngine>).advanceAsync === 'function';
export const MAX_FRAME_POINTS = 2000;
/** Rows per run waiting for the page beyond which the worker thins them (see boundUnsent). */
export const UNSENT_MAX = 8 * MAX_FRAME_POINTS;

export type Post = (msg: FromWorker, transfer: Transferable[]) => void;

type LandscapeMessage = Omit<Extract<FromWorker, { type: 'landscape' }>, 'type' | 'gen' | 'run'>;
type BetaCellMessage = Extract<FromWorker, { type: 'betaGrid' }>['cells'][number];

export interface Clock {
  now(): number;
  /** Schedules `fn` soon (after pending messages). */
  later(fn: () => void, ms: number): unknown;
}

const macrotask = makeMacrotask();

const defaultClock: Clock = {
  now: () => performance.now(),
  // A zero delay (the next slice of a sweep or of play at full speed) must not cost setTimeout's 4 ms.
  later: (fn, ms) => (ms > 0 ? setTimeout(fn, ms) : macrotask(fn)),
};

/** Builds the engine of a neural-model experiment (TF.js: loaded on first use, in the worker only). */
export interface TensorLoadOptions {
  resume?: { t: number; status: 'ok' | 'diverged' | 'done'; reason?: string; theta: Float32Array }[];
  exclude?: { name: Exclude<BackendChoice, 'auto'>; reason: string }[];
  onDeviceLost?: (reason: string) => void;
}

export type TensorLoader = (experiment: Experiment, opts?: TensorLoadOptions) => Promise<{ engine: Engine; info: ProblemInfo }>;

const defaultTensorLoader: TensorLoader = async (experiment, opts) => (await import('../tensor/load')).loadTensorEngine(experiment, opts);

export class Session {
  private gen = -1;
  private runner: Engine | null = null;
  private info: ProblemInfo | null = null;
  /** Commands that arrived while a tensor engine was loading (replayed once it is ready). */
  private queued: ToWorker[] = [];
  private loading = false;
  /** An asynchronous engine operation (tensor path: steps with async readbacks) is under way. */
  private busy = false;
  /** Steps per asynchronous tick, adapted to keep ticks near ASYNC_TICK_MS. */
  private asyncChunk = 1;
  private playing = false;
  private stepsPerSecond = 0;
  private awaitingAck = false;
  private cursors: number[] = [];
  private evalCursors: number[] = [];
  private pool: ArrayBuffer[] = [];
  private scheduled = false;
  private lastTick = 0;
  private carry = 0;
  private dirty = false;
  /** Frames carry optimizer internals (the `internals` command; kept across loads). */
  private internalsOn = false;
  /** Scratch for ∇f(θ_t) (float64 engine). */
  private gradScratch = new Float64Array(0);
  /** The float64 sweep under way (a token: a newer floatSweep command or generation drops it). */
  private floatSweepJob: object | null = null;

  constructor(
    private readonly post: Post,
    private readonly clock: Clock = defaultClock,
    private readonly tensorLoader: TensorLoader = defaultTensorLoader,
  ) {}

  handle(msg: ToWorker): void {
    if (msg.type === 'ping') {
      this.post({ type: 'pong', gen: msg.gen }, []);
      return;
    }
    if (msg.type === 'load') {
      this.load(msg.gen, msg.experiment, msg.resume);
      return;
    }
    if (msg.gen !== this.gen) return; // stale command of an earlier generation
    // A float64 sweep builds its own Runners: it needs no loaded engine and never waits for one.
    if (msg.type === 'floatSweep') return this.floatSweep(msg);
    // While a tensor engine loads or runs an asynchronous step, commands that use it wait their turn.
    if (this.loading || (this.busy && ENGINE_COMMANDS.has(msg.type))) {
      this.queued.push(msg);
      return;
    }
    if (!this.runner) return;
    try {
      switch (msg.type) {
        case 'play':
          this.playing = !this.runner.done;
          this.lastTick = this.clock.now();
          this.carry = 0;
          this.schedule();
          this.dirty = true;
          this.flush();
          break;
        case 'pause':
          this.playing = false;
          this.dirty = true;
          this.flush();
          break;
        case 'step': {
          const n = Math.max(0, Math.floor(msg.n));
          if (isAsync(this.runner)) {
            this.runAsync((engine) => engine.advanceAsync(n));
            break;
          }
          this.runner.advance(n);
          this.dirty = true;
          this.flush();
          break;
        }
        case 'setHyper':
          this.runner.setHyper(msg.run, msg.name, msg.value);
          break;
        case 'setSpeed':
          this.stepsPerSecond = Math.max(0, msg.stepsPerSecond);
          this.carry = 0;
          break;
        case 'sample': {
          const engine = this.runner;
          if (!isAsync(engine) || !engine.sample) throw new Error('this problem does not generate text');
          const length = Math.max(1, Math.min(2000, Math.floor(msg.length)));
          const temperature = Math.max(0.05, Math.min(5, msg.temperature));
          const gen = this.gen;
          this.runAsync(async (e) => {
            const text = await (e.sample as NonNullable<AsyncEngine['sample']>)(msg.run, msg.seed, length, temperature);
            if (gen === this.gen) this.post({ type: 'sample', gen, run: msg.run, text }, []);
          });
          break;
        }
        case 'landscape': {
          const engine = this.runner as Engine & { landscape?: (req: typeof msg) => Promise<LandscapeMessage> };
          if (!engine.landscape) throw new Error('the loss landscape is computed for neural models');
          const gen = this.gen;
          this.runAsync(async () => {
            const r = await (engine.landscape as NonNullable<typeof engine.landscape>)(msg);
            if (gen === this.gen) this.post({ type: 'landscape', gen, run: msg.run, ...r }, [r.ts.buffer, r.ss.buffer, r.z.buffer, r.line.buffer]);
          });
          break;
        }
        case 'betaGrid': {
          const engine = this.runner as Engine & { betaGrid?: (req: typeof msg, onCell: (c: BetaCellMessage) => void) => Promise<BetaCellMessage[]> };
          if (!engine.betaGrid) throw new Error('the β grid is computed for the neuron classifier');
          const gen = this.gen;
          const cells: BetaCellMessage[] = [];
          this.runAsync(async () => {
            const all = await (engine.betaGrid as NonNullable<typeof engine.betaGrid>)(msg, (c) => {
              cells.push(c);
              if (gen === this.gen) this.post({ type: 'betaGrid', gen, cells: [...cells], done: false }, []);
            });
            if (gen === this.gen) this.post({ type: 'betaGrid', gen, cells: all, done: true }, []);
          });
          break;
        }
        case 'sweep': {
          const engine = this.runner as Engine & { sweep?: (req: typeof msg) => Promise<Omit<Extract<FromWorker, { type: 'sweep' }>, 'type' | 'gen'>> };
          if (!engine.sweep) throw new Error('batched sweeps run on the tensor path (neural models)');
          const gen = this.gen;
          this.runAsync(async () => {
            const out = await (engine.sweep as NonNullable<typeof engine.sweep>)(msg);
            if (gen === this.gen) this.post({ type: 'sweep', gen, ...out }, out.loss.map((l) => l.buffer));
          });
          break;
        }
        case 'internals':
          this.internalsOn = msg.on;
          this.dirty = true;
          this.flush();
          break;
        case 'slice': {
          const runner = this.runner;
          if (!(runner instanceof Runner) || !this.info?.contour) throw new Error('slices of the contour are drawn for float64 problems with a contour');
          const g = sliceGrid(runner.problem, msg.axes, msg.at, runner.runs.map((r) => r.theta));
          const contour = { ...g, logLevels: this.info.contour.logLevels };
          this.info = { ...this.info, contour };
          this.post({ type: 'contour', gen: this.gen, contour }, [g.xs.buffer, g.ys.buffer, g.z.buffer]);
          break;
        }
        case 'ack':
          this.awaitingAck = false;
          if (msg.buffer) this.pool.push(msg.buffer);
          this.flush();
          break;
      }
    } catch (err) {
      this.post({ type: 'error', gen: this.gen, message: (err as Error).message }, []);
    }
  }

  /**
   * A grid sweep on the float64 engine (S3), in slices of SLICE_MS between other commands: a progress
   * message after each slice that finished cells, then a final one with the tuned choices. A newer
   * generation (load/reset) or floatSweep command drops it at the next slice; `spec: null` only cancels.
   */
  private floatSweep(msg: Extract<ToWorker, { type: 'floatSweep' }>): void {
    const gen = this.gen;
    const job = {};
    this.floatSweepJob = msg.spec ? job : null;
    if (!msg.spec) return;
    type Progress = Extract<FromWorker, { type: 'floatSweep' }>;
    const t0 = this.clock.now();
    const report = (sweep: Sweep | null, rest: Partial<Progress>) => this.post({
      type: 'floatSweep', gen, id: msg.id, done: sweep?.cells.length ?? 0, total: sweep?.total ?? 0, cells: [], finished: false,
      timeMs: this.clock.now() - t0, computeMs: sweep?.elapsedMs ?? 0, ...rest,
    }, []);
    let sweep: Sweep;
    try {
      sweep = new Sweep(msg.spec, () => this.clock.now());
    } catch (err) {
      this.floatSweepJob = null;
      report(null, { finished: true, error: (err as Error).message });
      return;
    }
    report(sweep, {});
    const slice = () => {
      if (gen !== this.gen || this.floatSweepJob !== job) return;
      try {
        const cells = sweep.step(SLICE_MS);
        if (sweep.done) {
          this.floatSweepJob = null;
          report(sweep, { cells, finished: true, tuned: tunedChoices(sweep.cells) });
          return;
        }
        if (cells.length) report(sweep, { cells });
      } catch (err) {
        this.floatSweepJob = null;
        report(sweep, { finished: true, error: (err as Error).message });
        return;
      }
      this.clock.later(slice, 0);
    };
    this.clock.later(slice, 0);
  }

  private load(gen: number, experiment: unknown, resume?: ResumePoint[]): void {
    this.gen = gen;
    this.playing = false;
    this.awaitingAck = false;
    this.queued = [];
    this.loading = false;
    this.busy = false; // an operation of the old engine finishes into the void (its gen is stale)
    this.asyncChunk = 1;
    this.runner?.dispose?.();
    this.runner = null;
    this.info = null;
    const parsed = parseExperiment(experiment);
    if (!parsed.ok) {
      this.post({ type: 'error', gen, message: parsed.errors.join('\n') }, []);
      return;
    }
    if (MODEL_CATALOG[parsed.experiment.problem] || parsed.experiment.precision === 'float32') {
      this.loading = true;
      const exp = parsed.experiment;
      const snapshots = resume?.map((p) => ({ t: p.t, status: p.status, reason: p.reason, theta: Float32Array.from(p.theta) }));
      this.tensorLoader(exp, { resume: snapshots, onDeviceLost: (reason) => this.recover(gen, exp, reason) }).then(
        ({ engine, info }) => {
          if (gen !== this.gen) {
            engine.dispose?.(); // a newer load arrived meanwhile
            return;
          }
          this.loading = false;
          this.ready(gen, engine, info);
          for (const m of this.queued.splice(0)) this.handle(m);
        },
        (err: Error) => {
          if (gen !== this.gen) return;
          this.loading = false;
          this.post({ type: 'error', gen, message: err.message }, []);
        },
      );
      return;
    }
    let runner: Runner;
    try {
      runner = new Runner(parsed.experiment);
      resume?.forEach((p, i) => runner.resumeRun(i, p));
    } catch (err) {
      this.post({ type: 'error', gen, message: (err as Error).message }, []);
      return;
    }
    this.ready(gen, runner, describeAnalytic(runner));
  }

  /**
   * The WebGPU device was lost: continue every run from its last snapshot on the next backend,
   * keeping the page's history (no new `loaded`; a `backend` message and a notice instead).
   */
  private recover(gen: number, experiment: Experiment, reason: string): void {
    if (gen !== this.gen || !this.runner) return;
    const old = this.runner as Engine & { snapshots?: TensorLoadOptions['resume'] };
    const resume = old.snapshots;
    if (!resume) return;
    const wasPlaying = this.playing;
    this.playing = false;
    this.loading = true;
    const step = Math.max(...resume.map((r) => r.t));
    this.post({ type: 'notice', gen, message: `The WebGPU device was lost (${reason}); continuing on the next backend from step ${step}. Optimizer state (momentum, Adam's moments) restarts.` }, []);
    const exclude: TensorLoadOptions['exclude'] = [{ name: 'webgpu', reason: `device lost: ${reason}` }];
    this.tensorLoader(experiment, { resume, exclude, onDeviceLost: (r) => this.recover(gen, experiment, r) }).then(
      ({ engine, info }) => {
        try {
          old.dispose?.();
        } catch {
          // The old tensors lived on the lost device; nothing to free there.
        }
        if (gen !== this.gen) return engine.dispose?.();
        this.loading = false;
        this.runner = engine;
        this.info = info;
        this.cursors = engine.runs.map(() => 0);
        this.evalCursors = engine.runs.map(() => 0);
        if (info.backend) this.post({ type: 'backend', gen, backend: info.backend }, []);
        this.playing = wasPlaying && !engine.done;
        this.dirty = true;
        this.schedule();
        this.flush();
        for (const m of this.queued.splice(0)) this.handle(m);
      },
      (err: Error) => {
        if (gen !== this.gen) return;
        this.loading = false;
        this.post({ type: 'error', gen, message: `after a lost WebGPU device: ${err.message}` }, []);
      },
    );
  }

  private ready(gen: number, engine: Engine, info: ProblemInfo): void {
    this.runner = engine;
    this.info = info;
    this.cursors = engine.runs.map(() => 0);
    this.evalCursors = engine.runs.map(() => 0);
    const transfer: Transferable[] = [];
    if (info.contour) transfer.push(info.contour.xs.buffer, info.contour.ys.buffer, info.contour.z.buffer);
    if (info.curve) transfer.push(info.curve.xs.buffer, info.curve.f.buffer);
    this.post({ type: 'loaded', gen, info }, transfer);
    this.dirty = true;
    this.flush();
  }

  private schedule(): void {
    if (this.scheduled || !this.playing) return;
    this.scheduled = true;
    this.clock.later(() => {
      this.scheduled = false;
      this.tick();
    }, 0);
  }

  /**
   * Runs one asynchronous engine operation; commands that need the engine wait until it is done.
   * A result that arrives after a reload is dropped.
   */
  private runAsync(op: (engine: AsyncEngine) => Promise<unknown>, after?: () => void): void {
    const engine = this.runner;
    if (!isAsync(engine)) return;
    const gen = this.gen;
    this.busy = true;
    op(engine).then(
      () => undefined,
      (err: Error) => {
        if (gen === this.gen) {
          this.playing = false;
          this.post({ type: 'error', gen, message: err.message }, []);
        }
      },
    ).then(() => {
      if (gen !== this.gen || engine !== this.runner) return;
      this.busy = false;
      this.dirty = true;
      after?.();
      this.flush();
      for (const m of this.queued.splice(0)) this.handle(m);
    });
  }

  /**
   * Steps due at the fixed speed since the last tick, at most `cap`. An engine slower than the speed
   * runs at its own pace and owes nothing: a debt grew with every slow tick (a tick of n steps made the
   * next one owe n·(step time)·speed), and on a software GPU one tick of the S10 preset (300 steps per
   * second asked, ~6 done) ran 300 steps, 45 s without a frame.
   */
  private owed(now: number, cap: number): number {
    this.carry += ((now - this.lastTick) / 1000) * this.stepsPerSecond;
    const n = Math.min(Math.floor(this.carry), cap);
    this.carry = Math.min(this.carry - n, 1);
    return n;
  }

  /** One tick of an asynchronous engine: a chunk of steps sized to take about ASYNC_TICK_MS. */
  private tickAsync(): void {
    const start = this.clock.now();
    const n = this.stepsPerSecond > 0 ? this.owed(start, this.asyncChunk) : this.asyncChunk;
    this.lastTick = start;
    this.runAsync(
      (engine) => (n > 0 ? engine.advanceAsync(n) : Promise.resolve(0)),
      () => {
        const elapsed = this.clock.now() - start;
        // Grown only by a tick the chunk limited (at a fixed speed most ticks take fewer steps).
        if (n === this.asyncChunk && elapsed < ASYNC_TICK_MS / 2 && this.asyncChunk < 1024) this.asyncChunk *= 2;
        else if (n > 0 && elapsed > ASYNC_TICK_MS * 2 && this.asyncChunk > 1) this.asyncChunk = Math.max(1, Math.min(this.asyncChunk, n) >> 1);
        if (this.runner?.done) this.playing = false;
        if (this.playing) this.clock.later(() => this.tick(), this.stepsPerSecond > 0 ? Math.min(16, 1000 / this.stepsPerSecond) : 0);
      },
    );
  }

  private tick(): void {
    const runner = this.runner;
    if (!this.playing || !runner) return;
    if (isAsync(runner)) {
      if (!this.busy) this.tickAsync();
      else this.clock.later(() => this.tick(), 5);
      return;
    }
    const start = this.clock.now();
    if (this.stepsPerSecond > 0) {
      // In growing chunks, so that a problem slower than the speed ends its tick after SLICE_MS.
      let n = this.owed(start, Infinity);
      for (let chunk = 16; n > 0 && !runner.done; chunk *= 2) {
        const k = Math.min(n, chunk);
        runner.advance(k);
        n -= k;
        if (this.clock.now() - start >= SLICE_MS) break;
      }
    } else {
      let chunk = 16;
      while (this.clock.now() - start < SLICE_MS && !runner.done) {
        runner.advance(chunk);
        if (chunk < 1 << 14) chunk *= 2;
      }
    }
    this.lastTick = start;
    if (runner.done) this.playing = false;
    this.dirty = true;
    this.boundUnsent(runner);
    this.flush();
    if (this.playing) {
      // At a fixed speed there is nothing to do until enough time has passed for a step.
      this.clock.later(() => this.tick(), this.stepsPerSecond > 0 ? Math.min(16, 1000 / this.stepsPerSecond) : 0);
    }
  }

  /**
   * While the page has not acknowledged the last frame (a hidden tab draws nothing, so it never does),
   * the rows waiting to be sent are thinned past UNSENT_MAX: training goes on, memory stays bounded.
   */
  private boundUnsent(runner: Engine): void {
    if (!(runner instanceof Runner)) return;
    runner.runs.forEach((r, i) => {
      while (r.recorder.length - this.cursors[i] > UNSENT_MAX) r.recorder.thin(this.cursors[i]);
    });
  }

  /** Sends a frame with every run's new points if the page is ready for one. */
  private flush(): void {
    const runner = this.runner;
    if (!runner || this.awaitingAck || !this.dirty) return;
    const dim = (this.info as ProblemInfo).dim;
    const picks = runner.runs.map((r, i) => pickIndices(this.cursors[i], r.recorder.length, MAX_FRAME_POINTS));
    const counts = picks.map((p) => p.length);
    const len = frameLength(counts, dim);
    const pooled = this.pool.pop();
    const buffer = pooled && pooled.byteLength >= len * 8 ? pooled : new ArrayBuffer(Math.max(len, 1) * 8);
    const out = new Float64Array(buffer);
    let o = 0;
    runner.runs.forEach((r, ri) => {
      const rec = r.recorder;
      const idx = picks[ri];
      for (const field of FIELDS) {
        const col = rec[field];
        for (const i of idx) out[o++] = col[i];
      }
      for (const i of idx) {
        out.set(rec.params.subarray(i * dim, (i + 1) * dim), o);
        o += dim;
      }
      // Float64 engine: streamed rows are the page's now (it keeps and thins them), so the worker's
      // memory stays bounded however long it runs (record: "all" included). The tensor path keeps its
      // rows (the landscape view projects the trajectory in the worker).
      if (runner instanceof Runner) rec.truncate(0);
      this.cursors[ri] = rec.length;
    });
    const runs: RunStatus[] = runner.runs.map((r) => ({
      step: r.t,
      epoch: Math.floor(Math.max(0, r.t - 1) / r.stepsPerEpoch),
      status: r.status,
      reason: r.reason,
      divergedAt: r.divergedAt,
    }));
    const evaluations: { run: number; step: number; values: Record<string, number> }[] = [];
    runner.runs.forEach((r, ri) => {
      const evals = (r as { evaluations?: { step: number; values: Record<string, number> }[] }).evaluations;
      if (!evals) return;
      for (const e of evals.slice(this.evalCursors[ri])) evaluations.push({ run: ri, ...e });
      this.evalCursors[ri] = evals.length;
    });
    const internals = this.internalsOn ? this.internals(runner, dim) : undefined;
    this.awaitingAck = true;
    this.dirty = false;
    this.post({ type: 'frame', gen: this.gen, runs, counts, dim, buffer, playing: this.playing, done: runner.done, evaluations, ...(internals ? { internals } : {}) }, [buffer]);
  }

  /** Every run's last update (float64 engine, up to INTERNALS_MAX_DIM parameters): copies for the page. */
  private internals(runner: Engine, dim: number): RunInternals[] | undefined {
    if (!(runner instanceof Runner) || dim > INTERNALS_MAX_DIM) return undefined;
    if (this.gradScratch.length !== dim) this.gradScratch = new Float64Array(dim);
    const copy = (v: Float64Array | null) => (v ? Float64Array.from(v) : null);
    return runner.runs.map((_, run) => {
      const s = runner.inspect(run);
      runner.problem.loss(s.theta, null, this.gradScratch);
      return {
        run, t: s.t, theta: Float64Array.from(s.theta), grad: Float64Array.from(this.gradScratch), step: copy(s.step), batchGrad: copy(s.batchGrad),
        momentum: s.momentum ? { name: s.momentum.name, value: Float64Array.from(s.momentum.value) } : null,
        trials: s.trials ? [...s.trials] : null,
      };
    });
  }
}

/** Indices in [from, to): all of them, or `max` evenly spaced ones that keep the last. */
export function pickIndices(from: number, to: number, max: number): number[] {
  const n = to - from;
  if (n <= 0) return [];
  if (n <= max) return Array.from({ length: n }, (_, i) => from + i);
  const out: number[] = [];
  for (let k = 0; k < max; k++) out.push(from + Math.round(((n - 1) * k) / (max - 1)));
  return out;
}
