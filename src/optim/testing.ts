/**
 * Test drivers for optimizer transforms: the optimisation loop exactly as the engine runs it, on an
 * explicit function with an analytic gradient. For t = 1 … T:
 *   loss = f(θ, g);  ctx = { t, epoch: 0, loss, params: θ, grad: copy of g, oracle: f, stepSize: 1, evaluations: 0 }
 *   u = copy of g;  transform.update(u, state, ctx);  θ ← θ + u
 * Test-only: nothing in the engine imports this file.
 */
import type { StepContext, Transform, Vec } from './transform';

/** f(x); if `grad` is given, also writes ∇f(x) into it. */
export type Objective = (x: Vec, grad?: Vec) => number;

export interface StepRecord {
  /** f(θ_{t−1}), the loss the step saw. */
  loss: number;
  /** ctx.stepSize after the update. */
  stepSize: number;
  /** ctx.evaluations after the update (extra oracle calls: Armijo trials, look-ahead gradients). */
  evaluations: number;
  /** Δθ_t, the update added to θ. */
  delta: Float64Array;
}

export interface Trajectory<S = unknown> {
  /** θ_0 … θ_T (T + 1 copies). */
  params: Float64Array[];
  /** f(θ_0) … f(θ_{T−1}): the loss each step saw. */
  losses: number[];
  /** ctx.stepSize of each step. */
  stepSizes: number[];
  /** ctx.evaluations of each step. */
  evaluations: number[];
  /** Δθ of each step. */
  deltas: Float64Array[];
  /** The transform's state after the last step (for inspecting e.g. Armijo's trials). */
  state: S;
}

/** A loop that can be advanced one step at a time (for live hyperparameter changes between steps). */
export interface Stepper<S = unknown> {
  /** θ, the live parameter vector. */
  readonly theta: Float64Array;
  readonly state: S;
  /** Number of steps taken so far. */
  readonly t: number;
  /** One step with objective f (per-step objectives: Kaczmarz, streaming data). */
  step(f: Objective): StepRecord;
}

function vec(x: ArrayLike<number>): Float64Array {
  return Float64Array.from(x);
}

/** The engine's loop around one transform, one step per call. */
export function makeStepper<S>(transform: Transform<S>, x0: ArrayLike<number>): Stepper<S> {
  const theta = vec(x0);
  const n = theta.length;
  const state = transform.init(theta);
  const g = new Float64Array(n);
  let t = 0;
  return {
    theta,
    state,
    get t() {
      return t;
    },
    step(f: Objective): StepRecord {
      t += 1;
      g.fill(0);
      const loss = f(theta, g);
      const ctx: StepContext = {
        t,
        epoch: 0,
        loss,
        params: theta,
        grad: vec(g),
        oracle: { evaluate: (x, gr) => f(x, gr) },
        stepSize: 1,
        evaluations: 0,
      };
      const u = vec(g);
      transform.update(u, state, ctx);
      for (let i = 0; i < n; i++) theta[i] += u[i];
      return { loss, stepSize: ctx.stepSize, evaluations: ctx.evaluations, delta: u };
    },
  };
}

/** Runs `steps` steps on the objective `objectiveAt(t)` of step t (1-based). */
export function runSteps<S>(
  objectiveAt: (t: number) => Objective,
  transform: Transform<S>,
  x0: ArrayLike<number>,
  steps: number,
): Trajectory<S> {
  const s = makeStepper(transform, x0);
  const out: Trajectory<S> = { params: [vec(s.theta)], losses: [], stepSizes: [], evaluations: [], deltas: [], state: s.state };
  for (let t = 1; t <= steps; t++) {
    const r = s.step(objectiveAt(t));
    out.params.push(vec(s.theta));
    out.losses.push(r.loss);
    out.stepSizes.push(r.stepSize);
    out.evaluations.push(r.evaluations);
    out.deltas.push(r.delta);
  }
  return out;
}

/** Runs `steps` steps of `transform` on f from x0. */
export function runOptimizer<S>(f: Objective, transform: Transform<S>, x0: ArrayLike<number>, steps: number): Trajectory<S> {
  return runSteps(() => f, transform, x0, steps);
}

/**
 * Feeds the given gradients, one per step, regardless of θ (e.g. REFERENCE T10's AMSGrad sequence
 * 1, 0.1, 0.1, …). The loss is the linear model ⟨g_t, θ⟩ + `loss` (0 unless given), so blocks that read
 * the loss see a consistent value; a look-ahead gradient is g_t too.
 */
export function runGradients<S>(
  transform: Transform<S>,
  x0: ArrayLike<number>,
  gradients: ArrayLike<number>[],
  loss = 0,
): Trajectory<S> {
  return runSteps(
    (t) => {
      const gt = gradients[t - 1];
      return (x, grad) => {
        if (grad) for (let i = 0; i < grad.length; i++) grad[i] = gt[i];
        let f = loss;
        for (let i = 0; i < x.length; i++) f += gt[i] * x[i];
        return f;
      };
    },
    transform,
    x0,
    gradients.length,
  );
}

// ---------------------------------------------------------------- objectives used by the tests

/** f(x) = ½(x − c)ᵀH(x − c) + f0 for a symmetric H given as rows. */
export function quadratic(H: number[][], center?: number[], f0 = 0): Objective {
  const n = H.length;
  const c = center ?? new Array<number>(n).fill(0);
  const d = new Float64Array(n);
  return (x, grad) => {
    for (let i = 0; i < n; i++) d[i] = x[i] - c[i];
    let f = 0;
    for (let i = 0; i < n; i++) {
      let hi = 0;
      for (let j = 0; j < n; j++) hi += H[i][j] * d[j];
      if (grad) grad[i] = hi;
      f += 0.5 * d[i] * hi;
    }
    return f + f0;
  };
}

/**
 * Least squares f(x) = scale·Σᵢ (aᵢᵀx − bᵢ)²: scale = 1/m gives mean((Ax − b)²) (the PyTorch fixtures),
 * scale = ½ gives ½‖Ax − b‖².
 */
export function leastSquares(A: number[][], b: number[], scale = 1 / A.length): Objective {
  const m = A.length;
  const n = A[0].length;
  return (x, grad) => {
    if (grad) grad.fill(0);
    let f = 0;
    for (let r = 0; r < m; r++) {
      let res = -b[r];
      for (let j = 0; j < n; j++) res += A[r][j] * x[j];
      f += res * res;
      if (grad) for (let j = 0; j < n; j++) grad[j] += 2 * scale * res * A[r][j];
    }
    return scale * f;
  };
}

/** Rosenbrock (1 − x)² + 100(y − x²)², minimum (1, 1). */
export const rosenbrock: Objective = (p, grad) => {
  const x = p[0];
  const y = p[1];
  const r = y - x * x;
  if (grad) {
    grad[0] = -2 * (1 - x) - 400 * x * r;
    grad[1] = 200 * r;
  }
  return (1 - x) ** 2 + 100 * r * r;
};

/** Euclidean norm. */
export function norm(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s);
}

/** |a − b| ≤ rtol·max(1, |b|): the fixtures' comparison. */
export function closeTo(a: number, b: number, rtol: number): boolean {
  return Math.abs(a - b) <= rtol * Math.max(1, Math.abs(b));
}
