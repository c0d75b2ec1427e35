/**
 * The page ⇄ worker protocol: discriminated unions, every message tagged with a run generation
 * `gen`. The page bumps `gen` on every load/reset; the worker drops commands of an older generation
 * and the page drops frames of an older generation, so a stale frame after a reset never draws.
 *
 * Streaming: one `frame` message per animation frame at most, holding every run's new points as one
 * transferable Float64Array (struct of arrays, see frame.ts). The worker sends the next frame only
 * after the page acknowledged the last (`ack`), and decimates what piles up in between.
 */
import type { Experiment } from '../experiment/types';
import type { HyperValue } from '../optim/transform';
import type { SweepCell, SweepSpec, SweepTuned } from '../run/sweep';
import type { ResumePoint } from '../run/runner';
import type { BetaGridRequest } from '../tensor/analysis';

export interface ContourGrid {
  /** Parameter indices on the x and y axes. */
  axes: [number, number];
  xs: Float64Array;
  ys: Float64Array;
  /** Row-major z[j·xs.length + i] = f at (xs[i], ys[j]), other parameters at `slice`. */
  z: Float64Array;
  /** The point the slice passes through (all parameters). */
  slice: Float64Array;
  logLevels: boolean;
}

/** Problems up to this many parameters stream optimizer internals (when asked: the `internals` command). */
export const INTERNALS_MAX_DIM = 64;

/**
 * Optimizer internals of one run after its last update t (float64 engine): copies, sent with a frame
 * while internals are on. `theta` is θ_t; `grad` the full-data gradient ∇f(θ_t) there; `step` the update
 * taken, θ_t − θ_{t−1}, and `batchGrad` the mini-batch gradient g_t = ∇f_S(θ_{t−1}) it used (null at t = 0);
 * `momentum` the buffer carried into the next update (SGD's b, seed 002's velocity v, Adam's m);
 * `trials` Armijo's trial step sizes of update t (θ_{t−1} − η·g_t for each η; the last was accepted).
 */
export interface RunInternals {
  run: number;
  t: number;
  theta: Float64Array;
  grad: Float64Array;
  step: Float64Array | null;
  batchGrad: Float64Array | null;
  momentum: { name: string; value: Float64Array } | null;
  trials: number[] | null;
}

export interface CurveGrid {
  /** Parameter index on the x axis (1-D problems). */
  axis: number;
  xs: Float64Array;
  f: Float64Array;
}

/** What the page needs to know about the loaded problem (sent once per load). */
export interface BackendStatus {
  /** The TF.js backend in use. */
  name: string;
  /** A software implementation (SwiftShader) rather than a GPU. */
  software: boolean;
  adapter: string;
  /** Backends tried first and why each was refused. */
  refused: { name: string; reason: string }[];
}

export interface ProblemInfo {
  id: string;
  /** Which numeric path runs it: the float64 engine or TF.js tensors. */
  path: 'float64' | 'tensor';
  /** The TF.js backend (tensor path only). */
  backend: BackendStatus | null;
  dim: number;
  paramNames: string[];
  n: number;
  optimum: { theta: number[]; value: number; note: string } | null;
  landmarks: { theta: number[]; label: string }[];
  contour: ContourGrid | null;
  curve: CurveGrid | null;
  data: { x: number[][]; y: number[] } | null;
  /** What was changed in user input while loading (e.g. "control characters removed"). */
  notes?: string[];
  /** Number of model parameters, when it differs from `dim` (large models stream no parameters). */
  parameters?: number;
  /** Steps each run will take (from steps or epochs). */
  totalSteps: number[];
  stepsPerEpoch: number[];
  labels: string[];
}

export interface RunStatus {
  step: number;
  epoch: number;
  status: 'ok' | 'diverged' | 'done';
  reason?: string;
  divergedAt?: number;
}

export type ToWorker =
  /** `resume`: continue each run from this point (the page restarting a crashed worker; optimizer state restarts). */
  | { type: 'load'; gen: number; experiment: Experiment; resume?: ResumePoint[] }
  | { type: 'play'; gen: number }
  | { type: 'pause'; gen: number }
  | { type: 'step'; gen: number; n: number }
  | { type: 'setHyper'; gen: number; run: number; name: string; value: HyperValue }
  /** Steps per second while playing; 0 means as fast as possible. */
  | { type: 'setSpeed'; gen: number; stepsPerSecond: number }
  /** S10: the loss landscape around a run's current parameters (neural models). */
  | { type: 'landscape'; gen: number; run: number; grid: number; span: number; scaling: 'none' | 'global' | 'filter'; seed: number }
  /** S13: Adam's β₁ × β₂ grid on the neuron classifier. */
  | ({ type: 'betaGrid'; gen: number } & BetaGridRequest)
  /** Seeds and/or learning rates of the loaded model as one batched [R, P] tensor program. */
  | { type: 'sweep'; gen: number; optimizer: string; hyper: Record<string, HyperValue>; lrs?: number[]; seeds?: number[]; steps: number; batchSize: number }
  /** Generate text from a run's current parameters (models that generate text). */
  | { type: 'sample'; gen: number; run: number; seed: number; length: number; temperature: number }
  /** A grid sweep on the float64 engine (S3), run in slices with progress; `spec: null` cancels the running one. `id` tags its answers. */
  | { type: 'floatSweep'; gen: number; id: number; spec: SweepSpec | null }
  /** Optimizer internals on or off: while on, every frame carries RunInternals (problems up to INTERNALS_MAX_DIM parameters). */
  | { type: 'internals'; gen: number; on: boolean }
  /**
   * The contour over parameters `axes` = [i, j], the others fixed at `at` (all parameters; null: θ*, else
   * the default start); answered by `contour`. Float64 problems with a contour only.
   */
  | { type: 'slice'; gen: number; axes: [number, number]; at: number[] | null }
  /** The page drew the last frame; it may hand the buffer back for reuse. */
  | { type: 'ack'; gen: number; buffer?: ArrayBuffer }
  /** Are you there? Answered by `pong` at once, whatever the generation or the work under way (app/watchdog.ts). */
  | { type: 'ping'; gen: number };

export type FromWorker =
  | { type: 'loaded'; gen: number; info: ProblemInfo }
  | {
      type: 'frame'; gen: number; runs: RunStatus[]; counts: number[]; dim: number; buffer: ArrayBuffer; playing: boolean; done: boolean;
      /** Periodic evaluations since the last frame (train/validation loss of the tensor path). */
      evaluations?: { run: number; step: number; values: Record<string, number> }[];
      /** While internals are on (float64 problems up to INTERNALS_MAX_DIM parameters): per run, its last update. */
      internals?: RunInternals[];
    }
  /** The contour of a `slice` command: replaces ProblemInfo.contour. */
  | { type: 'contour'; gen: number; contour: ContourGrid }
  | { type: 'sample'; gen: number; run: number; text: string }
  | { type: 'sweep'; gen: number; rows: { seed: number | null; lr: number | null; finalLoss: number; minLoss: number }[]; loss: Float32Array[]; timeMs: number }
  /** Something the user should know that is not an error (a lost device and the fallback taken). */
  | { type: 'notice'; gen: number; message: string }
  /** The backend changed during a run (after a lost WebGPU device). */
  | { type: 'backend'; gen: number; backend: BackendStatus }
  | {
      type: 'landscape'; gen: number; run: number; ts: Float32Array; ss: Float32Array; z: Float32Array; clip: number; center: number;
      line: Float32Array; path: { a: Float64Array; b: Float64Array };
    }
  /** One finished cell (`done` false) or the whole grid (`done` true). */
  | { type: 'betaGrid'; gen: number; cells: { beta1: number; beta2: number; timeMs: number; finalLoss: number; minLoss: number }[]; done: boolean }
  /**
   * Float64 sweep progress: `cells` finished since the last message, `done` of `total` so far; the last
   * message has `finished` (with the tuned-SGD choices, or `error`). timeMs: wall time since the
   * command; computeMs: the part spent stepping the sweep (the rest went to other commands).
   */
  | {
      type: 'floatSweep'; gen: number; id: number; done: number; total: number; cells: SweepCell[]; finished: boolean;
      timeMs: number; computeMs: number; tuned?: SweepTuned[]; error?: string;
    }
  | { type: 'error'; gen: number; message: string }
  | { type: 'pong'; gen: number };
