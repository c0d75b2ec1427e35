/**
 * Mean-squared-error problems of a model linear in its parameters, m(x; θ) = θᵀφ(x):
 *
 *   f(θ) = (1/N) Σᵢ (θᵀφ(xᵢ) − yᵢ)²,   ∇f(θ) = (2/N) Σᵢ (θᵀφ(xᵢ) − yᵢ) φ(xᵢ)
 *
 * (torch.nn.MSELoss; seed 003, eq. 7 and 11). S1, S2/S3, S8 and S9 differ only in the feature map φ.
 * The optimum comes from Householder QR (`lstsq`), and the smoothness constant is
 * β = (2/N)‖ΦᵀΦ‖₂ = (2/N)σ_max(Φ)² (spectral norm; the Frobenius value is kept as a fact).
 */
import { lstsq, matrix, type Mat } from '../linalg';
import type { Vec } from '../optim/transform';
import type { Dataset, Optimum, Problem, ViewBox } from './problem';
import { gramPays, gramSetupCost, makeGramLoss } from './gramLoss';
import { spanAround } from './data';

/** Largest feature matrix (N·p values) a problem may build: 160 MB of float64. */
export const MAX_FEATURE_VALUES = 20_000_000;

export interface LeastSquaresOptions {
  id: string;
  paramNames: string[];
  /** Writes φ(x) (length p = paramNames.length) into `out`; must not allocate. */
  features: (x: number[], out: Float64Array) => void;
  data: Dataset;
  defaultInit?: Vec;
  /** Contour axes (default [0, 1], or [0] for one parameter). */
  axes?: [number, number] | [number];
  /** Facts of the data (e.g. the generator's true weights), shown next to the computed ones. */
  facts?: Record<string, number>;
}

/** The design matrix Φ (N × p) with rows φ(xᵢ). Throws if a feature is not finite (e.g. x³⁰ overflow). */
export function designMatrix(x: number[][], p: number, features: (x: number[], out: Float64Array) => void, field = 'data'): Mat {
  if (x.length * p > MAX_FEATURE_VALUES) {
    throw new Error(`${field}: ${x.length} samples × ${p} parameters exceeds the ${MAX_FEATURE_VALUES} values this page can hold`);
  }
  const phi = matrix(x.length, p);
  for (let i = 0; i < x.length; i++) {
    const row = phi.data.subarray(i * p, (i + 1) * p);
    features(x[i], row);
    if (!row.every(Number.isFinite)) throw new Error(`${field}: features of sample ${i} (x = ${x[i].join(', ')}) are not finite`);
  }
  return phi;
}

/** Builds the MSE problem; the data is copied into flat Float64Arrays once. */
export function makeLeastSquares(o: LeastSquaresOptions): Problem {
  const p = o.paramNames.length;
  const n = o.data.y.length;
  const phi = designMatrix(o.data.x, p, o.features);
  const F = phi.data;
  const Y = Float64Array.from(o.data.y);
  const scratch = new Float64Array(p);

  // The loops below read F, Y and p through local constants: V8 reloads a closure's variables inside
  // hot loops (measured here: the batch gradient 1.4× slower read straight from the closure).

  /** Mean of (θᵀφᵢ − yᵢ)² over the batch (null: all N; an empty batch gives 0). */
  function loss(theta: Vec, batch: Int32Array | null, grad?: Vec): number {
    if (batch && grad) return batchLossGrad(theta, batch, grad);
    const Phi = F, y = Y, d = p;
    const b = batch ? batch.length : n;
    if (grad) grad.fill(0);
    let sum = 0;
    for (let t = 0; t < b; t++) {
      const i = batch ? batch[t] : t;
      const off = i * d;
      let r = -y[i];
      for (let k = 0; k < d; k++) r += Phi[off + k] * theta[k];
      sum += r * r;
      if (grad) {
        const c = 2 * r;
        for (let k = 0; k < d; k++) grad[k] += c * Phi[off + k];
      }
    }
    if (b === 0) return 0;
    if (grad) for (let k = 0; k < d; k++) grad[k] /= b;
    return sum / b;
  }

  /**
   * `loss` for a mini-batch with its gradient (every step's call): the same arithmetic in the same
   * order, in fewer passes over θ's length (a batch-1 step is ~100 flops, so passes show): no tests per
   * sample, the first sample writes 0 + c·φ where the general loop zero-fills then adds, no division
   * by a batch of 1, and samples two at a time after the first. Each residual is still one chain of
   * additions in k order; two independent chains keep the floating-point adder busy where one waits on
   * its own previous sum (1.3× here at batch 16, d = 20; 1.7× with the locals). grad[k] and the sum
   * of squares take the two samples' terms one after the other, as the one-at-a-time loop does: the
   * results are bit for bit the same (regression.test.ts checks it at batch sizes 0 to 9).
   */
  function batchLossGrad(theta: Vec, batch: Int32Array, grad: Vec): number {
    const Phi = F, y = Y, d = p;
    const b = batch.length;
    if (b === 0) {
      grad.fill(0);
      return 0;
    }
    const i0 = batch[0], off0 = i0 * d;
    let r0 = -y[i0];
    for (let k = 0; k < d; k++) r0 += Phi[off0 + k] * theta[k];
    let sum = r0 * r0;
    const c0 = 2 * r0;
    for (let k = 0; k < d; k++) grad[k] = 0 + c0 * Phi[off0 + k];
    let t = 1;
    for (; t + 1 < b; t += 2) {
      const ia = batch[t], ib = batch[t + 1], offA = ia * d, offB = ib * d;
      let ra = -y[ia], rb = -y[ib];
      for (let k = 0; k < d; k++) {
        const th = theta[k];
        ra += Phi[offA + k] * th;
        rb += Phi[offB + k] * th;
      }
      sum += ra * ra;
      sum += rb * rb;
      const ca = 2 * ra, cb = 2 * rb;
      for (let k = 0; k < d; k++) grad[k] = grad[k] + ca * Phi[offA + k] + cb * Phi[offB + k];
    }
    if (t < b) {
      const i = batch[t], off = i * d;
      let r = -y[i];
      for (let k = 0; k < d; k++) r += Phi[off + k] * theta[k];
      sum += r * r;
      const c = 2 * r;
      for (let k = 0; k < d; k++) grad[k] += c * Phi[off + k];
    }
    if (b > 1) for (let k = 0; k < d; k++) grad[k] /= b;
    return sum / b;
  }

  // The optimum (Householder QR + Jacobi SVD) and what derives from it are computed on first use:
  // a sweep builds many problems and never reads them.
  let solved: Solved | null = null;
  const solve = (): Solved => (solved ??= solveProblem(phi, Y, n, p, o, loss));
  const exactFull = (theta: Vec) => loss(theta, null);
  // One Gram form per problem, shared by every runner on it (a sweep's groups, a reset).
  let gram: ((theta: Vec) => number) | null = null;
  const makeRecordLoss = (evaluations: number) => (evaluations > gramSetupCost(p) ? (gram ??= makeGramLoss(F, Y, n, p, exactFull)) : exactFull);
  return {
    id: o.id,
    dim: p,
    paramNames: o.paramNames,
    n,
    loss,
    ...(gramPays(n, p) ? { makeRecordLoss } : {}),
    get optimum() { return solve().optimum; },
    defaultInit: o.defaultInit ?? new Float64Array(p),
    get view() { return solve().view; },
    data: o.data,
    design: { phi: F, y: Y },
    get smoothness() { return solve().smoothness; },
    get facts() { return solve().facts; },
    predict(th: Vec, x: number[]): number {
      o.features(x, scratch);
      let m = 0;
      for (let k = 0; k < p; k++) m += th[k] * scratch[k];
      return m;
    },
  };
}

interface Solved {
  optimum: Optimum;
  view: ViewBox;
  smoothness: number;
  facts: Record<string, number>;
}

function solveProblem(phi: Mat, Y: Float64Array, n: number, p: number, o: LeastSquaresOptions, loss: Problem['loss']): Solved {
  const sol = lstsq(phi, Y);
  const s = sol.singularValues;
  const smax = s[0] ?? 0;
  let s4 = 0;
  for (const v of s) s4 += v ** 4;
  const notes = {
    unique: 'unique least-squares solution (XᵀX)⁻¹XᵀY',
    'min-norm': 'minimum-norm interpolant Xᵀ(XXᵀ)⁻¹Y (every θ with Xθ = Y is optimal)',
    'pseudo-inverse': `minimum-norm least-squares solution X⁺Y (X has rank ${sol.rank} < ${Math.min(n, p)})`,
  };
  const theta = sol.x;
  const init = o.defaultInit ?? new Float64Array(p);
  const axes = o.axes ?? (p >= 2 ? [0, 1] : [0]);
  const view: ViewBox = {
    axes,
    x: spanAround([theta[axes[0]], init[axes[0]]]),
    logLevels: true,
    ...(axes.length === 2 ? { y: spanAround([theta[axes[1]], init[axes[1]]]) } : {}),
  };
  return {
    optimum: { theta, value: loss(theta, null), note: notes[sol.kind] },
    view,
    smoothness: (2 / n) * smax * smax,
    facts: {
      betaFrobenius: (2 / n) * Math.sqrt(s4), // ‖ΦᵀΦ‖_F = √(Σσᵢ⁴): the known mistake
      rank: sol.rank,
      conditionNumber: smax / (s[s.length - 1] || 0),
      ...o.facts,
    },
  };
}
