/**
 * A problem of the analytic (float64) path: f(θ) = (1/N) Σᵢ fᵢ(θ) with an analytic gradient.
 *
 * Deterministic functions (2-D surfaces, constraint toys) have N = 1. Every loss is a mean over the
 * given sample indices, so a mini-batch loss and the full loss are the same code.
 */
import type { Vec } from '../optim/transform';

export interface Dataset {
  /** Inputs, one row per sample (a 1-D input is a row of length 1). */
  x: number[][];
  /** Targets (empty for problems whose samples are not (x, y) pairs, e.g. S12's phases). */
  y: number[];
}

export interface Optimum {
  /** A minimiser θ* (for non-unique minima: the one the scenario compares with, e.g. minimum norm). */
  theta: Vec;
  /** f(θ*). */
  value: number;
  /** What θ* is, for the UI ("minimum-norm solution", "global minimum"). */
  note: string;
}

export interface ViewBox {
  /** Indices of the two parameters drawn on the contour (or one, for 1-D problems). */
  axes: [number, number] | [number];
  x: [number, number];
  y?: [number, number];
  /** Use log-spaced contour levels (values span decades). */
  logLevels: boolean;
}

export interface Problem {
  /** Problem id as in the experiment format. */
  id: string;
  /** Number of parameters. */
  dim: number;
  /** Parameter names in order (documented order: for `polynomial`, θ_k multiplies x^k). */
  paramNames: string[];
  /** Number of summands fᵢ. */
  n: number;
  /**
   * Mean of fᵢ(θ) over `batch` (sample indices, possibly repeated); `batch === null` means all N.
   * If `grad` is given, writes the gradient of that mean into it.
   */
  loss(theta: Vec, batch: Int32Array | null, grad?: Vec): number;
  /**
   * f(θ) on all N samples for the recorded history, for a caller that expects about `evaluations`
   * calls, where a cheaper form than `loss(θ, null)` exists and its setup pays for itself (least
   * squares: the Gram form, gramLoss.ts). Its rounding error is at most 1e-10 of the gap f − f* (the
   * float64 sum of `loss(θ, null)` has its own, up to ~1e-7 of the gap where the two forms meet), and it
   * is the exact sum itself near the optimum. Absent: use `loss(θ, null)`.
   */
  makeRecordLoss?(evaluations: number): (theta: Vec) => number;
  /** Known minimiser, when one is known in closed form or computed exactly. */
  optimum?: Optimum;
  /** Other notable points (local minima, saddles) for the contour. */
  landmarks?: { theta: number[]; label: string }[];
  /** Default start point (a copy is made before use). */
  defaultInit: Vec;
  /** Default view for the contour. */
  view: ViewBox;
  /** The data behind the loss, for traces and the fit view (absent for pure functions). */
  data?: Dataset;
  /** Smoothness constant L (or β) where known; used for default step sizes like 1/β. */
  smoothness?: number;
  /** Extra facts the UI may show (e.g. β with the Frobenius norm, the mistake to avoid). */
  facts?: Record<string, number>;
  /**
   * For least-squares problems f(θ) = (1/N)‖Φθ − y‖²: the design matrix (row-major N × p) and the
   * targets, so the tensor path can run the same problem in float32.
   */
  design?: { phi: Float64Array; y: Float64Array };
  /** Model prediction at input x (for fit views); absent for pure functions. */
  predict?(theta: Vec, x: number[]): number;
}
