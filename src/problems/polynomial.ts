/**
 * Least squares with a polynomial feature map (seed 003, exercises 1, 2 and 4; S9, S11):
 *
 *   m(x; θ) = θᵀφ(x),  φ(x) = (1, x, …, xⁿ),  f(θ) = (1/N) Σᵢ (θᵀφ(xᵢ) − yᵢ)² = (1/N)‖Xθ − Y‖²,
 *
 * θ_k multiplies x^k. Smoothness β = (2/N)‖XᵀX‖₂ with the spectral norm (eq. 20); the Frobenius norm
 * there is the known mistake and is kept as `facts.betaFrobenius`. θ*: (XᵀX)⁻¹XᵀY when n + 1 ≤ N and
 * X has full column rank, else the minimum-norm interpolant Xᵀ(XXᵀ)⁻¹Y (the Euclidean projection of 0).
 */
import { lstsq, matrix, singularValues, type Mat } from '../linalg';
import type { Problem } from './problem';
import type { ProblemSpec } from './registry';
import { designMatrix, makeLeastSquares } from './leastSquares';
import { GENERATORS, generateSinExp, resolveData } from './data';

/** Writes φ(x) = (1, x, …, x^degree) into `out`. */
function monomials(x: number, degree: number, out: Float64Array): void {
  let v = 1;
  for (let k = 0; k <= degree; k++, v *= x) out[k] = v;
}

/** The N × (degree + 1) Vandermonde matrix X with rows φ(xᵢ)ᵀ (seed 003, eq. 4). */
export function polynomialFeatures(xs: ArrayLike<number>, degree: number): Mat {
  return designMatrix(Array.from(xs, (v) => [v]), degree + 1, (x, out) => monomials(x[0], degree, out));
}

/**
 * Euclidean projection of a onto {θ : Xθ = Y} (seed 003, exercise 1g):
 *   θ* = a − Xᵀ(XXᵀ)⁻¹(Xa − Y).
 * Computed as a − X⁺(Xa − Y) by QR of Xᵀ, never by forming (XXᵀ)⁻¹; a = 0 gives the minimum-norm θ*.
 */
export function euclideanProjection(X: Mat, Y: ArrayLike<number>, a: ArrayLike<number>): Float64Array {
  const r = residual(X, Y, a);
  const d = lstsq(X, r).x;
  return Float64Array.from(a, (v, k) => v - d[k]);
}

/**
 * Scaled projection of a onto {θ : Xθ = Y} in the norm ‖·‖_H (seed 003, exercise 4e):
 *   θ* = a − H⁻¹Xᵀ(XH⁻¹Xᵀ)⁻¹(Xa − Y),  H⁻¹ = diag(hinv).
 * With D = H^{-1/2} = diag(√hinv) and Z = XD this is a − D·Z⁺(Xa − Y), which stays accurate for
 * seed 003's H⁻¹ = diag(logspace(−10, 10, n + 1)).
 */
export function scaledProjection(X: Mat, Y: ArrayLike<number>, a: ArrayLike<number>, hinv: ArrayLike<number>): Float64Array {
  const D = sqrtDiagonal(hinv, X.cols);
  const d = lstsq(scaleColumns(X, D), residual(X, Y, a)).x;
  return Float64Array.from(a, (v, k) => v - D[k] * d[k]);
}

/**
 * β_H = (2/N)‖H^{-1/2}XᵀXH^{-1/2}‖₂ (seed 003, eq. 32), the smoothness constant of scaled GD
 * θ ← θ − γH⁻¹∇f; H^{-1/2} is the square root of the diagonal H⁻¹ = diag(hinv). Equal to
 * (2/N)σ_max(XH^{-1/2})².
 */
export function scaledSmoothness(X: Mat, hinv: ArrayLike<number>): number {
  const s = singularValues(scaleColumns(X, sqrtDiagonal(hinv, X.cols)))[0] ?? 0;
  return (2 / X.rows) * s * s;
}

function residual(X: Mat, Y: ArrayLike<number>, a: ArrayLike<number>): Float64Array {
  if (a.length !== X.cols || Y.length !== X.rows) {
    throw new Error(`projection: X is ${X.rows}×${X.cols} but a has ${a.length} entries and Y ${Y.length}`);
  }
  const r = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) {
    let s = -Y[i];
    for (let k = 0; k < X.cols; k++) s += X.data[i * X.cols + k] * a[k];
    r[i] = s;
  }
  return r;
}

function sqrtDiagonal(hinv: ArrayLike<number>, n: number): Float64Array {
  if (hinv.length !== n) throw new Error(`hinv: needs ${n} diagonal entries, got ${hinv.length}`);
  return Float64Array.from(hinv, (h, k) => {
    if (!(h > 0) || !Number.isFinite(h)) throw new Error(`hinv[${k}]: H⁻¹ must be positive definite, got ${h}`);
    return Math.sqrt(h);
  });
}

function scaleColumns(X: Mat, D: Float64Array): Mat {
  const Z = matrix(X.rows, X.cols, X.data);
  for (let i = 0; i < X.rows; i++) for (let k = 0; k < X.cols; k++) Z.data[i * X.cols + k] *= D[k];
  return Z;
}

export const MAX_DEGREE = 30;

const polynomial: ProblemSpec = {
  id: 'polynomial',
  label: 'Polynomial least squares (seed 003)',
  scenario: 'S9',
  params: {
    degree: { default: 9, min: 0, max: MAX_DEGREE, integer: true, doc: 'n: the model is Σₖ θₖxᵏ for k = 0..n' },
  },
  generators: ['sin-exp'],
  defaultData: { generator: 'sin-exp', n: GENERATORS['sin-exp'].n, noise: GENERATORS['sin-exp'].noise },
  acceptsPoints: true,
  make(params, data, rng): Problem {
    const degree = params.degree;
    if (!Number.isInteger(degree) || degree < 0 || degree > MAX_DEGREE) {
      throw new Error(`problemParams.degree: must be an integer in [0, ${MAX_DEGREE}], got ${degree}`);
    }
    const d = resolveData('polynomial', ['sin-exp'], data, true);
    let x: number[][], y: number[];
    if (d.kind === 'points') {
      if (d.x[0].length !== 1) throw new Error(`data.points: polynomial needs 1-D x, got rows of ${d.x[0].length} features`);
      ({ x, y } = d);
    } else {
      const g = generateSinExp(rng, d.n, d.noise);
      x = g.x.map((v) => [v]);
      y = g.y;
    }
    return makeLeastSquares({
      id: 'polynomial',
      paramNames: Array.from({ length: degree + 1 }, (_, k) => `theta${k}`),
      features: (xi, out) => monomials(xi[0], degree, out),
      data: { x, y },
    });
  },
};

export const POLYNOMIAL: Record<string, ProblemSpec> = { polynomial };
