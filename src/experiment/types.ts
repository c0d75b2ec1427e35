/**
 * The experiment format, version 1 (docs/formats.md): the one object behind links, files, the
 * worker and the headless runner. Field names are a contract: links in lecture slides must keep working.
 */
import type { Hyper } from '../optim/transform';
import type { ScheduleSpec } from '../optim/schedules';

export type DataSpec = GeneratedData | PointsData | TextData;

export interface GeneratedData {
  generator: string;
  /** Number of samples. */
  n?: number;
  /** Noise standard deviation σ. */
  noise?: number;
  /** Seed of the data stream (else the experiment seed's 'data' stream). */
  seed?: number;
  /** Input dimension (generator `linear`). */
  d?: number;
}

/** User data: one [x, y] row per sample; x a number or an array of features. */
export interface PointsData {
  points: [number | number[], number][];
}

/** User text for the character transformer (validated: size, encoding, vocabulary). */
export interface TextData {
  text: string;
}

export interface RunSpec {
  label: string;
  optimizer: string;
  hyper?: Hyper;
  schedule?: ScheduleSpec;
  /** Mini-batch size; omitted means the full batch. */
  batchSize?: number;
  /** Start point; omitted means the problem's default start, or a draw from the run seed if `init: "random"`. */
  init?: number[] | 'random';
  /** Seed of this run's own stream (random init). */
  seed?: number;
  /** Display colour (#rrggbb). */
  color?: string;
}

export type RecordSpec = 'all' | { every: number };

/** The TF.js backends a user can ask for ('auto' tries them in this order, after itself). */
export const BACKEND_CHOICES = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export interface Experiment {
  version: 1;
  problem: string;
  problemParams?: Record<string, number>;
  data?: DataSpec;
  runs: RunSpec[];
  /** Length: iterations per run, or epochs (passes over the data) per run. One of the two. */
  steps?: number;
  epochs?: number;
  /** Root seed: the batch-order stream and, unless overridden, the data stream. Default 0. */
  seed?: number;
  /**
   * How mini-batches are drawn: 'shuffle' (default; a new permutation per epoch, consecutive slices,
   * last batch smaller, as PyTorch's DataLoader(shuffle=True)) or 'replacement' (uniform indices with
   * replacement each step, as seed 003's SGD).
   */
  sampling?: 'shuffle' | 'replacement';
  record?: RecordSpec;
  /**
   * Stop condition besides steps/epochs: a run stops ("done", with a reason) after the first update
   * whose full-data loss f(θ_t) is below this value (also at step 0). Costs one full-data loss per
   * update. Enforced by the float64 engine.
   */
  stopLoss?: number;
  /** The objective f(x, y) as text, for problem `expression` (parsed safely, never evaluated as code). */
  expression?: string;
  /**
   * 'float32' runs a problem of the analytic path on the tensor path (TF.js, float32)
   * instead of the float64 engine, to show where float32 stops. Neural models are always float32.
   */
  precision?: 'float64' | 'float32';
  /** Tensor path only: the TF.js backend to use ('auto': WebGPU, then WebGL, then WebAssembly, then the CPU). */
  backend?: BackendChoice;
}
