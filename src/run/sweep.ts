/**
 * Grid sweeps on the float64 engine (S3: Polyak vs tuned SGD on d = 20 regression, 270 runs).
 *
 * A spec names a base experiment (problem + data generator, epochs) and four axes: noise σ, data
 * seeds, batch sizes (a number or 'full') and optimizer settings. Every combination is one cell, i.e.
 * one run. Cells that share their data (σ, seed) and batch size form a group and run as the runs of
 * ONE Runner: they see the same data and the same batch at every step (lockstep), which is what a
 * fair comparison needs. The problem (data, design matrix) is built once per (σ, seed) and shared by
 * the groups of every batch size; its optimum is never computed (a least-squares problem solves for it
 * on first use, and no cell reads it).
 *
 * Seeds: the data seed is both `data.seed` (X, w, b, ε) and the experiment seed (batch order), as
 * seed 001 seeds torch once per (σ, batch, seed). The data of one seed is the same at every σ (only
 * σ scales the same ε). Runs start at the problem's default start (θ = 0) unless the spec says
 * otherwise (seed 001 used PyTorch's random nn.Linear init; the start does not matter for this
 * convex problem beyond the first epoch).
 *
 * What a cell records (full-data loss at the start and after each epoch, one record per epoch so the
 * recording costs about one extra gradient pass per epoch; more with `stepSamplesPerEpoch`):
 * - finalLoss, minLoss (over the epoch ends), epochLoss (start + each epoch end);
 * - diverged: the Runner stopped the run (non-finite values or loss > 1e30), or the final loss is
 *   not finite or above `divergenceLoss` (1e6: seed 001's `losses[-1] > 1e6` rule);
 * - decreased: final loss < loss at the start;
 * - oscillation / oscillated: seed 001's `find_best_lr` criterion on the per-epoch losses L₁…L_E:
 *   oscillation = mean |L_{i+1} − L_i| over the second half (i = ⌊E/2⌋ … E−1, 1-based), and
 *   oscillated ⇔ NOT (oscillation < 0.1·L_E). Seed 001 used the mean mini-batch loss of each epoch;
 *   here L_e is the full-data loss at the end of epoch e (no estimator noise; the same rule). Only
 *   evaluated for runs that did not diverge (false otherwise).
 * - stepSize: the step sizes γ_t the optimizer reported at the recorded updates (the last update of
 *   every epoch, by default: EXACT at full batch, where every update ends an epoch; a sample of one
 *   update per epoch otherwise): samples, max, median, last and how many exceed `spikeThreshold` (20).
 *
 * Tuned SGD (seed 001's `find_best_lr`): optimizer settings with the same `tune` tag (e.g. the four
 * SGD learning rates) are candidates; per (σ, batch, seed) the chosen one is, among the candidates
 * that did not diverge, that decreased and that did not oscillate, the one with the lowest final loss
 * (ties: the first in spec order). If none qualifies, the lowest final loss among the non-diverged
 * ones (seed 001's fallback, `rule: 'fallback'`); if all diverged, none (`rule: 'none'`).
 *
 * Slicing: `Sweep.step(budgetMs)` works for about budgetMs and returns the cells finished meanwhile,
 * so the worker can stream progress and drop a sweep between slices; `runSweep` runs it to the end.
 */
import { parseExperiment, LIMITS } from '../experiment/schema';
import type { Experiment, RunSpec } from '../experiment/types';
import type { Hyper } from '../optim/transform';
import { Runner, buildProblem } from './runner';
import type { Problem } from '../problems/problem';

export type SweepBatch = number | 'full';

export interface SweepOptimizer {
  /** Unique label of the setting (a line in the summary plots). */
  label: string;
  optimizer: string;
  hyper?: Hyper;
  /** Settings with the same tag are the candidates of one tuned selection (e.g. 'SGD'). */
  tune?: string;
}

export interface SweepSpec {
  problem: string;
  problemParams?: Record<string, number>;
  /** Data generator (e.g. 'linear') with its size; `noise` and `seed` come from the axes. */
  generator: string;
  n: number;
  d?: number;
  noises: number[];
  seeds: number[];
  batches: SweepBatch[];
  optimizers: SweepOptimizer[];
  epochs: number;
  sampling?: 'shuffle' | 'replacement';
  /** Start point of every run (default: the problem's default start). */
  init?: number[] | 'random';
  /** Updates whose step size is recorded per epoch (default 1: the last of each epoch); costs a full-loss pass each. */
  stepSamplesPerEpoch?: number;
  /** A final loss above this counts as diverged (default 1e6, seed 001). */
  divergenceLoss?: number;
  /** Oscillation threshold as a fraction of the final loss (default 0.1, seed 001). */
  oscillationRatio?: number;
  /** Step sizes above this count as spikes (default 20, SCENARIOS S3). */
  spikeThreshold?: number;
}

export interface StepSizeSummary {
  /** Recorded updates with a finite step size. */
  samples: number;
  max: number;
  median: number;
  last: number;
  /** Recorded step sizes above the spike threshold. */
  spikes: number;
}

export interface SweepCell {
  noise: number;
  seed: number;
  batch: SweepBatch;
  batchSize: number;
  label: string;
  optimizer: string;
  hyper: Hyper;
  tune?: string;
  /** Updates taken. */
  steps: number;
  initialLoss: number;
  finalLoss: number;
  minLoss: number;
  /** Full loss at the start and after each epoch (shorter when the run diverged). */
  epochLoss: number[];
  diverged: boolean;
  divergedAt: number | null;
  reason?: string;
  decreased: boolean;
  oscillation: number;
  oscillated: boolean;
  stepSize: StepSizeSummary;
}

export interface SweepTuned {
  tune: string;
  noise: number;
  seed: number;
  batch: SweepBatch;
  /** Label of the chosen setting, null when every candidate diverged. */
  label: string | null;
  /** Its learning rate (hyper.lr), when it has one. */
  lr: number | null;
  finalLoss: number;
  /** 'criterion': seed 001's rule picked it; 'fallback': none qualified, lowest final loss; 'none': all diverged. */
  rule: 'criterion' | 'fallback' | 'none';
}

export interface SweepProgress {
  /** Cells finished so far. */
  done: number;
  total: number;
  /** Cells finished since the last report. */
  cells: SweepCell[];
}

export interface SweepOutcome {
  spec: SweepSpec;
  cells: SweepCell[];
  tuned: SweepTuned[];
  timeMs: number;
}

/** Most cells a sweep may have (keeps a pasted spec from freezing the page). */
export const MAX_SWEEP_CELLS = 20_000;

export const DEFAULT_DIVERGENCE_LOSS = 1e6;
export const DEFAULT_OSCILLATION_RATIO = 0.1;
export const DEFAULT_SPIKE_THRESHOLD = 20;

/** S3's exact grid (SCENARIOS.md; seed 001): 3 σ × 5 batch sizes × 3 seeds × 6 optimizer settings = 270 runs. */
export const S3_SWEEP: SweepSpec = {
  problem: 'linear-regression',
  generator: 'linear',
  n: 1000,
  d: 20,
  noises: [0.1, 1, 5],
  seeds: [0, 42, 1337],
  batches: [1, 16, 64, 256, 'full'],
  epochs: 20,
  optimizers: [
    ...[0.001, 0.01, 0.1, 1].map((lr) => ({ label: `SGD lr ${lr}`, optimizer: 'sgd', hyper: { lr }, tune: 'SGD' })),
    { label: 'Polyak', optimizer: 'polyak', hyper: { f_star: 0, eps: 1e-8 } },
    { label: 'Polyak-Adam', optimizer: 'polyak_adam_hybrid', hyper: { alpha: 0.003, polyak_factor: 0.3 } },
  ],
};

/** Number of cells (runs) of a spec. */
export function sweepSize(spec: SweepSpec): number {
  return spec.noises.length * spec.seeds.length * spec.batches.length * spec.optimizers.length;
}

export class SweepError extends Error {}

interface Group {
  noise: number;
  seed: number;
  batch: SweepBatch;
  experiment: Experiment;
}

const batchSizeOf = (b: SweepBatch, n: number): number => (b === 'full' ? n : b);

/** The largest divisor of `steps` that is at most steps/samples: records align with epoch ends. */
function strideFor(stepsPerEpoch: number, samples: number): number {
  const target = Math.max(1, Math.floor(stepsPerEpoch / Math.max(1, samples)));
  for (let s = target; s >= 1; s--) if (stepsPerEpoch % s === 0) return s;
  return 1;
}

/** Checks the axes and builds one validated experiment per group (throws a SweepError naming the field). */
function planGroups(spec: SweepSpec): Group[] {
  const need = (ok: boolean, msg: string) => {
    if (!ok) throw new SweepError(`sweep: ${msg}`);
  };
  for (const axis of ['noises', 'seeds', 'batches', 'optimizers'] as const) {
    need(Array.isArray(spec[axis]) && spec[axis].length > 0, `${axis} must be a non-empty list`);
  }
  need(Number.isInteger(spec.n) && spec.n >= 1, `n must be a positive integer, got ${spec.n}`);
  need(Number.isInteger(spec.epochs) && spec.epochs >= 1, `epochs must be a positive integer, got ${spec.epochs}`);
  need(spec.optimizers.length <= LIMITS.runs, `at most ${LIMITS.runs} optimizer settings (they run side by side), got ${spec.optimizers.length}`);
  need(sweepSize(spec) <= MAX_SWEEP_CELLS, `${sweepSize(spec)} cells is more than ${MAX_SWEEP_CELLS}`);
  need(new Set(spec.optimizers.map((o) => o.label)).size === spec.optimizers.length, 'optimizer labels must be unique');
  spec.batches.forEach((b, i) => need(b === 'full' || (Number.isInteger(b) && b >= 1 && b <= spec.n), `batches[${i}] must be 'full' or an integer in [1, ${spec.n}], got ${b}`));
  const samples = spec.stepSamplesPerEpoch ?? 1;
  need(Number.isInteger(samples) && samples >= 1, `stepSamplesPerEpoch must be a positive integer, got ${samples}`);

  const groups: Group[] = [];
  for (const noise of spec.noises) {
    for (const seed of spec.seeds) {
      for (const batch of spec.batches) {
        const batchSize = batchSizeOf(batch, spec.n);
        const stepsPerEpoch = Math.ceil(spec.n / batchSize);
        const runs: RunSpec[] = spec.optimizers.map((o) => ({
          label: o.label,
          optimizer: o.optimizer,
          ...(o.hyper ? { hyper: { ...o.hyper } } : {}),
          ...(batch === 'full' ? {} : { batchSize }),
          ...(spec.init !== undefined ? { init: spec.init === 'random' ? 'random' as const : [...spec.init] } : {}),
        }));
        const experiment: Experiment = {
          version: 1,
          problem: spec.problem,
          ...(spec.problemParams ? { problemParams: { ...spec.problemParams } } : {}),
          data: { generator: spec.generator, n: spec.n, noise, seed, ...(spec.d !== undefined ? { d: spec.d } : {}) },
          runs,
          epochs: spec.epochs,
          seed,
          ...(spec.sampling ? { sampling: spec.sampling } : {}),
          record: { every: strideFor(stepsPerEpoch, samples) },
        };
        const parsed = parseExperiment(experiment);
        if (!parsed.ok) throw new SweepError(`sweep (σ ${noise}, seed ${seed}, batch ${batch}): ${parsed.errors.join('; ')}`);
        groups.push({ noise, seed, batch, experiment });
      }
    }
  }
  return groups;
}

function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Seed 001's oscillation measure on the per-epoch losses L₁…L_E (list without the start). */
export function oscillationOf(losses: readonly number[]): number {
  const E = losses.length;
  if (E <= 2) return 0;
  const half = E >> 1;
  let s = 0;
  for (let i = half; i < E - 1; i++) s += Math.abs(losses[i + 1] - losses[i]);
  return s / Math.max(1, E - half - 1);
}

function cellsOf(runner: Runner, g: Group, spec: SweepSpec): SweepCell[] {
  const divergenceLoss = spec.divergenceLoss ?? DEFAULT_DIVERGENCE_LOSS;
  const ratio = spec.oscillationRatio ?? DEFAULT_OSCILLATION_RATIO;
  const spike = spec.spikeThreshold ?? DEFAULT_SPIKE_THRESHOLD;
  return runner.runs.map((r, i) => {
    const o = spec.optimizers[i];
    const rec = r.recorder;
    const epochLoss: number[] = [];
    const steps: number[] = [];
    for (let k = 0; k < rec.length; k++) {
      if (rec.step[k] % r.stepsPerEpoch === 0) epochLoss.push(rec.loss[k]);
      if (k > 0 && Number.isFinite(rec.stepSize[k])) steps.push(rec.stepSize[k]);
    }
    const initialLoss = epochLoss[0];
    const finalLoss = rec.length ? rec.loss[rec.length - 1] : NaN;
    let minLoss = Infinity;
    for (let k = 1; k < epochLoss.length; k++) if (epochLoss[k] < minLoss) minLoss = epochLoss[k];
    if (epochLoss.length <= 1) minLoss = finalLoss;
    const diverged = r.status === 'diverged' || !Number.isFinite(finalLoss) || finalLoss > divergenceLoss;
    const oscillation = diverged ? NaN : oscillationOf(epochLoss.slice(1));
    let maxStep = -Infinity;
    let spikes = 0;
    for (const s of steps) {
      if (s > maxStep) maxStep = s;
      if (s > spike) spikes++;
    }
    const cell: SweepCell = {
      noise: g.noise, seed: g.seed, batch: g.batch, batchSize: batchSizeOf(g.batch, spec.n),
      label: o.label, optimizer: o.optimizer, hyper: { ...(o.hyper ?? {}) },
      ...(o.tune !== undefined ? { tune: o.tune } : {}),
      steps: r.t,
      initialLoss, finalLoss, minLoss, epochLoss,
      diverged,
      divergedAt: r.divergedAt ?? null,
      ...(r.reason ? { reason: r.reason } : {}),
      decreased: finalLoss < initialLoss,
      oscillation,
      oscillated: !diverged && !(oscillation < ratio * finalLoss),
      stepSize: { samples: steps.length, max: steps.length ? maxStep : NaN, median: median(steps), last: steps.length ? steps[steps.length - 1] : NaN, spikes },
    };
    return cell;
  });
}

/** Seed 001's `find_best_lr` over candidate cells of one (σ, batch, seed) (in spec order). */
export function chooseTuned(candidates: readonly SweepCell[]): { cell: SweepCell | null; rule: SweepTuned['rule'] } {
  let best: SweepCell | null = null;
  for (const c of candidates) {
    if (c.diverged || !c.decreased || c.oscillated) continue;
    if (!best || c.finalLoss < best.finalLoss) best = c;
  }
  if (best) return { cell: best, rule: 'criterion' };
  for (const c of candidates) {
    if (c.diverged) continue;
    if (!best || c.finalLoss < best.finalLoss) best = c;
  }
  return best ? { cell: best, rule: 'fallback' } : { cell: null, rule: 'none' };
}

/** The tuned selections of every tag, per (σ, batch, seed). */
export function tunedChoices(cells: readonly SweepCell[]): SweepTuned[] {
  const byKey = new Map<string, SweepCell[]>();
  for (const c of cells) {
    if (c.tune === undefined) continue;
    const key = JSON.stringify([c.tune, c.noise, c.batch, c.seed]);
    const list = byKey.get(key);
    if (list) list.push(c);
    else byKey.set(key, [c]);
  }
  const out: SweepTuned[] = [];
  for (const list of byKey.values()) {
    const { cell, rule } = chooseTuned(list);
    const first = list[0];
    const lr = cell?.hyper.lr;
    out.push({
      tune: first.tune as string, noise: first.noise, seed: first.seed, batch: first.batch,
      label: cell?.label ?? null, lr: typeof lr === 'number' ? lr : null, finalLoss: cell?.finalLoss ?? NaN, rule,
    });
  }
  return out;
}

/** A sweep that runs in slices: `step(budgetMs)` until `done`. */
export class Sweep {
  readonly total: number;
  readonly cells: SweepCell[] = [];
  /** Milliseconds spent inside `step`. */
  elapsedMs = 0;
  private readonly groups: Group[];
  private next = 0;
  private runner: Runner | null = null;
  /** The problem of the current (σ, seed), shared by its batch sizes' groups (they run one after the other). */
  private problem: { noise: number; seed: number; problem: Problem } | null = null;
  private chunk = 64;

  constructor(readonly spec: SweepSpec, private readonly now: () => number = () => performance.now()) {
    this.groups = planGroups(spec);
    this.total = sweepSize(spec);
  }

  get done(): boolean {
    return this.next >= this.groups.length;
  }

  /**
   * Works for about `budgetMs` (at least one chunk of updates) and returns the cells finished
   * meanwhile (whole groups), stopping early after `maxGroups` groups. Infinity runs to the end.
   */
  step(budgetMs: number, maxGroups = Infinity): SweepCell[] {
    const start = this.now();
    const finished: SweepCell[] = [];
    let groups = 0;
    try {
      while (!this.done) {
        const g = this.groups[this.next];
        if (!this.runner) this.runner = this.startGroup(g);
        const runner = this.runner;
        while (!runner.done) {
          const t0 = this.now();
          runner.advance(this.chunk);
          const dt = this.now() - t0;
          // Keep one chunk near a quarter of the budget, so a slice ends close to it.
          if (dt < budgetMs / 8 && this.chunk < 1 << 16) this.chunk *= 2;
          else if (dt > budgetMs / 2 && this.chunk > 1) this.chunk >>= 1;
          if (this.now() - start >= budgetMs) break;
        }
        if (!runner.done) break;
        const cells = cellsOf(runner, g, this.spec);
        this.cells.push(...cells);
        finished.push(...cells);
        this.runner = null;
        this.next++;
        if (++groups >= maxGroups || this.now() - start >= budgetMs) break;
      }
    } finally {
      this.elapsedMs += this.now() - start;
    }
    return finished;
  }

  /**
   * The Runner of one group, on the problem its (σ, seed) shares. It records the exact residual sum,
   * never the Gram form (gramLoss.ts): the tuned choice and the divergence and oscillation rules
   * compare recorded losses, and once per epoch the cheaper form would save little.
   */
  private startGroup(g: Group): Runner {
    if (!this.problem || this.problem.noise !== g.noise || this.problem.seed !== g.seed) {
      this.problem = { noise: g.noise, seed: g.seed, problem: buildProblem(g.experiment) };
    }
    return new Runner(g.experiment, { problem: this.problem.problem, exactRecording: true });
  }

  outcome(): SweepOutcome {
    return { spec: this.spec, cells: [...this.cells], tuned: tunedChoices(this.cells), timeMs: this.elapsedMs };
  }
}

/** Runs a whole sweep synchronously, reporting after each group (cells that share data and batch size). */
export function runSweep(spec: SweepSpec, onProgress?: (p: SweepProgress) => void): SweepOutcome {
  const sweep = new Sweep(spec);
  while (!sweep.done) {
    const cells = sweep.step(Infinity, 1); // one group per call
    onProgress?.({ done: sweep.cells.length, total: sweep.total, cells });
  }
  return sweep.outcome();
}

/** One point of a summary line: an optimizer (or a tuned tag) at one (σ, batch), over the seeds. */
export interface SweepPoint {
  label: string;
  noise: number;
  batch: SweepBatch;
  /** Final loss per seed, in the order of `seeds` (NaN where the run diverged). */
  seeds: number[];
  values: number[];
  /** Mean, min and max over the seeds that did not diverge (NaN if all diverged). */
  mean: number;
  min: number;
  max: number;
  diverged: number;
}

/**
 * The summary lines of the S3 figures: one per tuned tag (named `${tag} (tuned)`, the chosen
 * setting's final loss) and one per untagged setting, then (when `all`) one per tagged setting.
 */
export function sweepSeries(cells: readonly SweepCell[], tuned: readonly SweepTuned[], opts: { all?: boolean } = {}): SweepPoint[] {
  type Entry = { label: string; noise: number; batch: SweepBatch; seed: number; loss: number; diverged: boolean };
  const entries: Entry[] = [];
  for (const t of tuned) {
    entries.push({ label: `${t.tune} (tuned)`, noise: t.noise, batch: t.batch, seed: t.seed, loss: t.finalLoss, diverged: t.rule === 'none' });
  }
  for (const c of cells) {
    if (c.tune !== undefined && !opts.all) continue;
    entries.push({ label: c.label, noise: c.noise, batch: c.batch, seed: c.seed, loss: c.finalLoss, diverged: c.diverged });
  }
  const byKey = new Map<string, SweepPoint>();
  for (const e of entries) {
    const key = JSON.stringify([e.label, e.noise, e.batch]);
    let p = byKey.get(key);
    if (!p) {
      p = { label: e.label, noise: e.noise, batch: e.batch, seeds: [], values: [], mean: NaN, min: NaN, max: NaN, diverged: 0 };
      byKey.set(key, p);
    }
    p.seeds.push(e.seed);
    p.values.push(e.diverged ? NaN : e.loss);
    if (e.diverged) p.diverged++;
  }
  for (const p of byKey.values()) {
    const ok = p.values.filter((v) => Number.isFinite(v));
    if (ok.length) {
      p.mean = ok.reduce((a, b) => a + b, 0) / ok.length;
      p.min = Math.min(...ok);
      p.max = Math.max(...ok);
    }
  }
  return [...byKey.values()];
}
