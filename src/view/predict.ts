/**
 * The fitted model of a problem with 1-D data, evaluated on the page from the problem id, its
 * problemParams and the received parameters θ (the model fit view draws it over the data points).
 * The formulas are the models of src/problems (θ order as their paramNames):
 *
 * - `polynomial` (S9):            m(x) = Σ_k θ_k x^k            θ = [θ0 … θn]
 * - `quadratic-features` (S1):    m(x) = w1·x + w2·x² + b       θ = [w1, w2, b]
 * - `quad-fit` (S8):              m(x) = α + β·x + scale·γ·x²   θ = [alpha, beta, gamma]
 * - `linear-regression`, d = 1:   m(x) = w·x + b                θ = [w, b]
 *
 * Their losses are the mean squared residual over the data, so (1/N)·Σ(m(xᵢ) − yᵢ)² must equal the
 * full loss the worker reports (tested in predict.test.ts).
 */
import { paramsWithDefaults, PROBLEMS } from '../problems/registry';

/** m(x; θ) for one input. */
export type Predictor = (theta: ArrayLike<number>, x: number) => number;

/** The problems this module knows the model of. */
export const FIT_PROBLEMS = ['polynomial', 'quadratic-features', 'quad-fit', 'linear-regression'] as const;

/**
 * The model of `problemId` with `dim` parameters, or null when the page has no 1-D model for it (other
 * problems, linear regression with more than one feature).
 */
export function modelPredictor(problemId: string, problemParams: Record<string, number> | undefined, dim: number): Predictor | null {
  if (!PROBLEMS[problemId]) return null;
  switch (problemId) {
    case 'polynomial':
      if (dim < 1) return null;
      return (theta, x) => {
        // Horner: θ0 + x(θ1 + x(θ2 + …)).
        let v = 0;
        for (let k = dim - 1; k >= 0; k--) v = v * x + theta[k];
        return v;
      };
    case 'quadratic-features':
      return dim === 3 ? (theta, x) => theta[0] * x + theta[1] * x * x + theta[2] : null;
    case 'quad-fit': {
      if (dim !== 3) return null;
      const scale = paramsWithDefaults(problemId, problemParams).scale;
      return (theta, x) => theta[0] + theta[1] * x + scale * theta[2] * x * x;
    }
    case 'linear-regression':
      return dim === 2 ? (theta, x) => theta[0] * x + theta[1] : null;
    default:
      return null;
  }
}

/** m(xs[i]; θ) for every grid point, into `out` (allocated if absent). */
export function predictGrid(predict: Predictor, theta: ArrayLike<number>, xs: ArrayLike<number>, out = new Float64Array(xs.length)): Float64Array {
  for (let i = 0; i < xs.length; i++) out[i] = predict(theta, xs[i]);
  return out;
}

/** (1/N)·Σ(m(xᵢ; θ) − yᵢ)², the MSE loss of the least-squares problems, for 1-D inputs x[i][0]. */
export function meanSquaredResidual(predict: Predictor, theta: ArrayLike<number>, data: { x: number[][]; y: number[] }): number {
  const n = data.y.length;
  if (n === 0) return 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const r = predict(theta, data.x[i][0]) - data.y[i];
    s += r * r;
  }
  return s / n;
}

/** `count` evenly spaced points over [lo, hi]. */
export function linspace(lo: number, hi: number, count: number): Float64Array {
  const out = new Float64Array(Math.max(0, count));
  if (count === 1) out[0] = lo;
  for (let i = 0; i < count && count > 1; i++) out[i] = lo + ((hi - lo) * i) / (count - 1);
  return out;
}
