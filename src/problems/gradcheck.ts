/**
 * Central finite-difference check of a problem's analytic gradient:
 * ∂f/∂θₖ ≈ (f(θ + hₖeₖ) − f(θ − hₖeₖ)) / (2hₖ) with hₖ = 1e-6·max(1, |θₖ|).
 */
import type { Problem } from './problem';

export interface GradCheck {
  /** Largest |analytic − numeric| / tolerance over the coordinates; ≤ 1 passes. */
  worst: number;
  analytic: Float64Array;
  numeric: Float64Array;
}

/**
 * Compares `loss(θ, batch, grad)` with central differences of `loss(θ, batch)`. The tolerance per
 * coordinate is rtol·max(1, |g|) plus the rounding noise of the difference quotient.
 */
export function checkGradient(problem: Problem, theta: ArrayLike<number>, batch: Int32Array | null, rtol = 1e-6): GradCheck {
  const t = Float64Array.from(theta);
  const analytic = new Float64Array(problem.dim);
  const f = problem.loss(t, batch, analytic);
  const numeric = new Float64Array(problem.dim);
  let worst = 0;
  for (let k = 0; k < problem.dim; k++) {
    const h = 1e-6 * Math.max(1, Math.abs(t[k]));
    const x0 = t[k];
    t[k] = x0 + h;
    const fp = problem.loss(t, batch);
    t[k] = x0 - h;
    const fm = problem.loss(t, batch);
    t[k] = x0;
    numeric[k] = (fp - fm) / (2 * h);
    const tol = rtol * Math.max(1, Math.abs(analytic[k])) + (1e-12 * Math.max(1, Math.abs(f), Math.abs(fp), Math.abs(fm))) / h;
    worst = Math.max(worst, Math.abs(analytic[k] - numeric[k]) / tol);
  }
  return { worst, analytic, numeric };
}
