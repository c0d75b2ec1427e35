/**
 * The full-data least-squares loss in O(p²) instead of O(N·p), for recording it after every step.
 *
 * With A = ΦᵀΦ, a reference point θ₀ (the normal-equations solution, so θ₀ ≈ θ*), r₀ = Φθ₀ − y and
 * g₀ = Φᵀr₀, the expansion around θ₀ is exact for any θ (e = θ − θ₀):
 *
 *   N·f(θ) = ‖r₀ + Φe‖² = ‖r₀‖² + Δ,   Δ = 2g₀ᵀe + eᵀAe.
 *
 * Why around θ₀ and not the textbook θᵀAθ − 2bᵀθ + c: that form cancels c against the other terms
 * near the optimum (relative error ~ε·c/(N·f)), while here the rounding error shrinks with |e|, so Δ
 * (≈ N·(f − f*), the gap the views draw) keeps its relative accuracy far closer to the optimum.
 *
 * Every evaluation also bounds its rounding error (first-order, worst case, u = 2⁻⁵³):
 *   |error of Δ| ≤ E = γ·(|e|ᵀĀ|e| + 2|e|ᵀk),  γ = (N + 2p + 8)·u,  Ā = |Φ|ᵀ|Φ|,
 *   k = |g₀| + 2(N + p + 1)·u·|Φ|ᵀ(|Φ||θ₀| + |y|)
 * (A summed in float64: N·u·Ā; g₀ and ‖r₀‖² in double-double, whose error is the u²-term of k; the
 * p-term sums and the rounding of e, the rest). Ā itself is not kept: |e|ᵀĀ|e| = ‖|Φ||e|‖² ≤
 * (Σⱼ |eⱼ|·‖Φ₍:,ⱼ₎‖)² (triangle inequality over the columns) costs O(p) instead of p² per evaluation
 * and is ~1.5× looser on S3's data. When E > TOLERANCE·|Δ| (near the optimum, or along a
 * badly conditioned direction), when the gap Δ is below NEAR_OPTIMUM of the loss, or when the result
 * is not finite, it returns the exact residual sum instead: the recorded loss is then the same number
 * as before this file existed, down to the 1e-16 gaps of seed 003.
 */
import type { Vec } from '../optim/transform';

/** Largest relative error of Δ (≈ N·(f − f*)) the Gram form may have before the exact sum is used. */
export const GRAM_TOLERANCE = 1e-10;
/**
 * Below this gap relative to the loss (Δ < NEAR_OPTIMUM·‖r₀‖²) the exact sum is used anyway. The exact
 * sum has its own rounding, up to (N + p)·u·f (~1e-13·f at N = 1000): it is what f* = f(θ*) is computed
 * with, so near θ* only the same sum keeps f − f* meaningful down to seed 003's 1e-16 gaps. Above the
 * threshold, that rounding is at most (N + p)·u/NEAR_OPTIMUM ≈ 1e-7 of the gap at N = 1000.
 */
export const NEAR_OPTIMUM = 1e-6;

const U = 2 ** -53;

/** Use the Gram form only where it is cheaper: ~p²/2 per evaluation against N·p (an eighth or less when N > 4p). */
export function gramPays(n: number, p: number): boolean {
  return n > 4 * p;
}

export interface GramLoss {
  /** f(θ) on all N samples (the mean of squared residuals): Gram form, or the exact sum where it is not accurate enough. */
  (theta: Vec): number;
  /** Evaluations that used the Gram form / fell back to the exact sum (for tests and diagnostics). */
  readonly counts: { gram: number; exact: number };
}

/**
 * The setup of the Gram form (A = ΦᵀΦ from its upper triangle, N·p²/2, and a few N·p for θ₀'s
 * residual in double-double) in exact evaluations (N·p each): a caller expecting fewer calls than this
 * should use the exact sum, so the Gram form never costs more than twice the exact sums.
 */
export function gramSetupCost(p: number): number {
  return Math.ceil(p / 2) + 6;
}

/**
 * The Gram-form loss of the problem with design F (row-major N × p) and targets Y, its parts built on
 * the first call; the exact sum `exact` where the Gram value is not accurate enough.
 */
export function makeGramLoss(F: Float64Array, Y: Float64Array, n: number, p: number, exact: (theta: Vec) => number): GramLoss {
  let g: GramParts | null = null;
  const counts = { gram: 0, exact: 0 };
  const e = new Float64Array(p);
  const fn = (theta: Vec): number => {
    g ??= buildGram(F, Y, n, p);
    const { A, colNorm, theta0, g0, k, r0sq, gamma } = g;
    for (let j = 0; j < p; j++) e[j] = theta[j] - theta0[j];
    // eᵀAe from the upper triangle (A is symmetric): Σⱼ eⱼ(Aⱼⱼeⱼ + 2Σ_{c>j} Aⱼ꜀e꜀).
    let q = 0, lin = 0, la = 0, col = 0;
    for (let j = 0; j < p; j++) {
      const row = j * p;
      let s = 0;
      for (let c = j + 1; c < p; c++) s += A[row + c] * e[c];
      const ej = e[j];
      const aj = Math.abs(ej);
      q += ej * (A[row + j] * ej + 2 * s);
      lin += g0[j] * ej;
      la += k[j] * aj;
      col += colNorm[j] * aj;
    }
    const delta = 2 * lin + q;
    const bound = gamma * (col * col + 2 * la);
    const sum = r0sq + delta;
    const gap = Math.abs(delta);
    // Both the gap from θ₀ and the loss itself must be accurate to TOLERANCE (NaN fails every test).
    if (bound <= GRAM_TOLERANCE * gap && gap >= NEAR_OPTIMUM * r0sq && bound + U * r0sq <= GRAM_TOLERANCE * sum && Number.isFinite(sum)) {
      counts.gram++;
      return sum / n;
    }
    counts.exact++;
    return exact(theta);
  };
  return Object.assign(fn, { counts });
}

interface GramParts {
  /** ΦᵀΦ, upper triangle (row-major p × p; the rest unused). */
  A: Float64Array;
  /** ‖Φ₍:,ⱼ₎‖₂, for the error bound. */
  colNorm: Float64Array;
  theta0: Float64Array;
  g0: Float64Array;
  k: Float64Array;
  /** ‖r₀‖² (double-double, rounded once). */
  r0sq: number;
  gamma: number;
}

function buildGram(F: Float64Array, Y: Float64Array, n: number, p: number): GramParts {
  const A = new Float64Array(p * p);
  const b = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const off = i * p;
    const yi = Y[i];
    for (let j = 0; j < p; j++) {
      const fj = F[off + j];
      b[j] += fj * yi;
      const row = j * p;
      for (let c = j; c < p; c++) A[row + c] += fj * F[off + c];
    }
  }
  const colNorm = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    colNorm[j] = Math.sqrt(A[j * p + j]);
    for (let c = j + 1; c < p; c++) A[c * p + j] = A[j * p + c]; // the lower triangle, for the solve
  }
  // Any θ₀ keeps the expansion exact; one near θ* keeps |e| (and so the error bound) small.
  const theta0 = choleskySolve(A, b, p) ?? new Float64Array(p);
  const { g0, r0sq, h } = residualAt(F, Y, n, p, theta0);
  const k = new Float64Array(p);
  const c2 = 2 * (n + p + 1) * U;
  for (let j = 0; j < p; j++) k[j] = Math.abs(g0[j]) + c2 * h[j];
  // colNorm² (Aⱼⱼ) is rounded too: (1 + N·u) covers it, inside γ's slack.
  return { A, colNorm, theta0, g0, k, r0sq, gamma: (n + 2 * p + 8) * U };
}

/** Solves A x = b for symmetric positive definite A (Cholesky); null if a pivot is not positive. */
function choleskySolve(A: Float64Array, b: Float64Array, p: number): Float64Array | null {
  const L = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    let d = A[j * p + j];
    for (let c = 0; c < j; c++) d -= L[j * p + c] ** 2;
    if (!(d > 0)) return null;
    const ljj = Math.sqrt(d);
    L[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = A[i * p + j];
      for (let c = 0; c < j; c++) s -= L[i * p + c] * L[j * p + c];
      L[i * p + j] = s / ljj;
    }
  }
  const x = Float64Array.from(b);
  for (let i = 0; i < p; i++) {
    let s = x[i];
    for (let c = 0; c < i; c++) s -= L[i * p + c] * x[c];
    x[i] = s / L[i * p + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = x[i];
    for (let c = i + 1; c < p; c++) s -= L[c * p + i] * x[c];
    x[i] = s / L[i * p + i];
  }
  return x.every(Number.isFinite) ? x : null;
}

/**
 * g₀ = Φᵀ(Φθ₀ − y) and ‖Φθ₀ − y‖² in double-double arithmetic (error-free products and sums,
 * Ogita–Rump–Oishi), and h = |Φ|ᵀ(|Φ||θ₀| + |y|) for the bound. g₀ is small next to the terms that
 * make it up, so float64 sums would leave an error of ~N·u·h that the bound would have to carry at
 * every evaluation. Dekker's products and Knuth's sums are written out: no tuple per operation.
 */
function residualAt(F: Float64Array, Y: Float64Array, n: number, p: number, theta0: Float64Array): { g0: Float64Array; r0sq: number; h: Float64Array } {
  const SPLIT = 134217729; // 2²⁷ + 1
  const gHi = new Float64Array(p);
  const gLo = new Float64Array(p);
  const h = new Float64Array(p);
  const tHi = new Float64Array(p), tLo = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const ct = SPLIT * theta0[j];
    tHi[j] = ct - (ct - theta0[j]);
    tLo[j] = theta0[j] - tHi[j];
  }
  let sqHi = 0, sqLo = 0;
  for (let i = 0; i < n; i++) {
    const off = i * p;
    let hi = -Y[i], lo = 0, mag = Math.abs(Y[i]);
    for (let j = 0; j < p; j++) {
      const f = F[off + j], t = theta0[j];
      mag += Math.abs(f * t);
      const pr = f * t;
      const cf = SPLIT * f, fh = cf - (cf - f), fl = f - fh;
      const pe = ((fh * tHi[j] - pr) + fh * tLo[j] + fl * tHi[j]) + fl * tLo[j];
      const s = hi + pr, bb = s - hi;
      lo += ((hi - (s - bb)) + (pr - bb)) + pe;
      hi = s;
    }
    // r₀ᵢ = hi + lo (kept unrounded).
    const ch = SPLIT * hi, hh = ch - (ch - hi), hl = hi - hh;
    for (let j = 0; j < p; j++) {
      const f = F[off + j];
      h[j] += Math.abs(f) * mag;
      const pr = hi * f;
      const cf = SPLIT * f, fh = cf - (cf - f), fl = f - fh;
      const pe = ((hh * fh - pr) + hh * fl + hl * fh) + hl * fl;
      const g = gHi[j], s = g + pr, bb = s - g;
      gLo[j] += ((g - (s - bb)) + (pr - bb)) + pe + lo * f;
      gHi[j] = s;
    }
    const pr = hi * hi;
    const pe = ((hh * hh - pr) + 2 * hh * hl) + hl * hl;
    const s = sqHi + pr, bb = s - sqHi;
    sqLo += ((sqHi - (s - bb)) + (pr - bb)) + pe + 2 * hi * lo + lo * lo;
    sqHi = s;
  }
  const g0 = new Float64Array(p);
  for (let j = 0; j < p; j++) g0[j] = gHi[j] + gLo[j];
  return { g0, r0sq: sqHi + sqLo, h };
}
