/**
 * Small dense float64 linear algebra for the analytic problems (least squares optima, smoothness
 * constants). A matrix is a row-major `Float64Array` with its dimensions; sizes here are tiny
 * (at most a few thousand rows by a few dozen columns), so clarity wins over blocking.
 *
 * Accuracy matters (seed 003 compares gaps of 1e-16): least squares goes through Householder QR,
 * never the normal equations, and singular values come from one-sided Jacobi, which has high
 * relative accuracy.
 */

export interface Mat {
  rows: number;
  cols: number;
  /** Row-major: entry (i, j) is data[i * cols + j]. */
  data: Float64Array;
}

const EPS = 2.220446049250313e-16;

/** A rows × cols matrix, zero-filled or copied from `data` (row-major, nested or flat). */
export function matrix(rows: number, cols: number, data?: ArrayLike<number> | number[][]): Mat {
  const m: Mat = { rows, cols, data: new Float64Array(rows * cols) };
  if (data && Array.isArray(data[0])) (data as number[][]).forEach((r, i) => m.data.set(r, i * cols));
  else if (data) m.data.set(data as ArrayLike<number>);
  return m;
}

export function identity(n: number): Mat {
  const m = matrix(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

export function transpose(a: Mat): Mat {
  const t = matrix(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) t.data[j * a.rows + i] = a.data[i * a.cols + j];
  return t;
}

/** A·B. */
export function matmul(a: Mat, b: Mat): Mat {
  if (a.cols !== b.rows) throw new Error(`matmul: ${a.rows}×${a.cols} times ${b.rows}×${b.cols}`);
  const c = matrix(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < a.cols; k++) {
      const aik = a.data[i * a.cols + k];
      if (aik === 0) continue;
      for (let j = 0; j < b.cols; j++) c.data[i * b.cols + j] += aik * b.data[k * b.cols + j];
    }
  }
  return c;
}

/** A·x. */
export function matVec(a: Mat, x: ArrayLike<number>): Float64Array {
  const y = new Float64Array(a.rows);
  for (let i = 0; i < a.rows; i++) {
    let s = 0;
    for (let j = 0; j < a.cols; j++) s += a.data[i * a.cols + j] * x[j];
    y[i] = s;
  }
  return y;
}

/** Gram matrix AᵀA (cols × cols). */
export const gram = (a: Mat): Mat => matmul(transpose(a), a);
/** Outer Gram matrix AAᵀ (rows × rows). */
export const outerGram = (a: Mat): Mat => matmul(a, transpose(a));

/** ‖A‖_F = √(Σ aᵢⱼ²). */
export function frobeniusNorm(a: Mat): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += a.data[i] * a.data[i];
  return Math.sqrt(s);
}

/** Solves A x = b (A square) by LU with partial pivoting; throws if A is singular. */
export function luSolve(a: Mat, b: ArrayLike<number>): Float64Array {
  const n = a.rows;
  if (a.cols !== n) throw new Error(`luSolve: matrix is ${a.rows}×${a.cols}, not square`);
  const m = Float64Array.from(a.data);
  const x = Float64Array.from(b);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(m[i * n + k]) > Math.abs(m[p * n + k])) p = i;
    if (m[p * n + k] === 0) throw new Error('luSolve: matrix is singular');
    if (p !== k) {
      for (let j = 0; j < n; j++) [m[k * n + j], m[p * n + j]] = [m[p * n + j], m[k * n + j]];
      [x[k], x[p]] = [x[p], x[k]];
    }
    for (let i = k + 1; i < n; i++) {
      const l = (m[i * n + k] /= m[k * n + k]);
      for (let j = k + 1; j < n; j++) m[i * n + j] -= l * m[k * n + j];
      x[i] -= l * x[k];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let j = i + 1; j < n; j++) s -= m[i * n + j] * x[j];
    x[i] = s / m[i * n + i];
  }
  return x;
}

/** Householder QR of a tall A (rows ≥ cols): R in the upper triangle, vectors vₖ (vₖ[k] = 1) below. */
interface QR { qr: Mat; tau: Float64Array }

function householderQR(a: Mat): QR {
  const { rows: m, cols: n } = a;
  if (m < n) throw new Error(`householderQR: needs rows ≥ cols, got ${m}×${n}`);
  const q = Float64Array.from(a.data);
  const tau = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let norm2 = 0;
    for (let i = k; i < m; i++) norm2 += q[i * n + k] ** 2;
    if (norm2 === 0) continue;
    const alpha = q[k * n + k];
    const beta = alpha >= 0 ? -Math.sqrt(norm2) : Math.sqrt(norm2);
    tau[k] = (beta - alpha) / beta;
    for (let i = k + 1; i < m; i++) q[i * n + k] /= alpha - beta;
    q[k * n + k] = beta;
    for (let j = k + 1; j < n; j++) {
      let s = q[k * n + j];
      for (let i = k + 1; i < m; i++) s += q[i * n + k] * q[i * n + j];
      s *= tau[k];
      q[k * n + j] -= s;
      for (let i = k + 1; i < m; i++) q[i * n + j] -= s * q[i * n + k];
    }
  }
  return { qr: { rows: m, cols: n, data: q }, tau };
}

/** Applies Hₖ = I − τₖvₖvₖᵀ to y in place, for k ascending (Qᵀy) or descending (Qy). */
function applyQ(f: QR, y: Float64Array, transposed: boolean): void {
  const { rows: m, cols: n, data: q } = f.qr;
  for (let t = 0; t < n; t++) {
    const k = transposed ? t : n - 1 - t;
    let s = y[k];
    for (let i = k + 1; i < m; i++) s += q[i * n + k] * y[i];
    s *= f.tau[k];
    y[k] -= s;
    for (let i = k + 1; i < m; i++) y[i] -= s * q[i * n + k];
  }
}

/** The n × n upper triangle R of a QR factorisation. */
function upperR(f: QR): Mat {
  const n = f.qr.cols;
  const r = matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) r.data[i * n + j] = f.qr.data[i * n + j];
  return r;
}

/**
 * One-sided Jacobi SVD (Hestenes) of a square or tall A: A·V = W with orthogonal columns,
 * σⱼ = ‖Wⱼ‖. Returns W, V and the singular values in column order (not sorted).
 */
export function jacobiSVD(a: Mat): { w: Mat; v: Mat; s: Float64Array } {
  const { rows: m, cols: n } = a;
  if (m < n) throw new Error(`jacobiSVD: needs rows ≥ cols, got ${m}×${n}`);
  const w = Float64Array.from(a.data);
  const v = identity(n).data;
  const rotate = (x: Float64Array, len: number, j: number, k: number, c: number, s: number) => {
    for (let i = 0; i < len; i++) {
      const xj = x[i * n + j], xk = x[i * n + k];
      x[i * n + j] = c * xj - s * xk;
      x[i * n + k] = s * xj + c * xk;
    }
  };
  for (let sweep = 0, rotated = true; rotated && sweep < 80; sweep++) {
    rotated = false;
    for (let j = 0; j < n - 1; j++) {
      for (let k = j + 1; k < n; k++) {
        let al = 0, be = 0, ga = 0;
        for (let i = 0; i < m; i++) {
          const wj = w[i * n + j], wk = w[i * n + k];
          al += wj * wj;
          be += wk * wk;
          ga += wj * wk;
        }
        if (ga === 0 || Math.abs(ga) <= EPS * Math.sqrt(al * be)) continue;
        rotated = true;
        const zeta = (be - al) / (2 * ga);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        rotate(w, m, j, k, c, c * t);
        rotate(v, n, j, k, c, c * t);
      }
    }
  }
  const s = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let t = 0;
    for (let i = 0; i < m; i++) t += w[i * n + j] ** 2;
    s[j] = Math.sqrt(t);
  }
  return { w: { rows: m, cols: n, data: w }, v: { rows: n, cols: n, data: v }, s };
}

/** Square or tall A reduced to a square matrix with the same singular values (R of A = QR). */
const squareCore = (a: Mat): Mat => (a.rows > a.cols ? upperR(householderQR(a)) : a);

/** Singular values of any A, descending. */
export function singularValues(a: Mat): Float64Array {
  const core = squareCore(a.rows >= a.cols ? a : transpose(a));
  return jacobiSVD(core).s.sort().reverse();
}

/** Spectral norm ‖A‖₂ = σ_max(A). */
export const spectralNorm = (a: Mat): number => singularValues(a)[0] ?? 0;

/** Numerical rank: singular values above max(rows, cols)·ε·σ_max. */
function rankTolerance(a: Mat, s: Float64Array): number {
  return Math.max(a.rows, a.cols) * EPS * (s.length ? Math.max(...s) : 0);
}

/** Minimum-norm x of min‖Mx − b‖ for square M via its SVD, dropping σ ≤ tol. */
function pinvSolve(mat: Mat, b: Float64Array, tol: number): Float64Array {
  const { w, v, s } = jacobiSVD(mat);
  const n = mat.cols, x = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    if (s[j] <= tol) continue;
    let c = 0;
    for (let i = 0; i < mat.rows; i++) c += w.data[i * n + j] * b[i];
    c /= s[j] * s[j]; // uⱼ = wⱼ/σⱼ, so vⱼ(uⱼᵀb)/σⱼ = vⱼ(wⱼᵀb)/σⱼ²
    for (let i = 0; i < n; i++) x[i] += c * v.data[i * n + j];
  }
  return x;
}

/** Solves the upper triangular R x = c (lower = false) or Rᵀ x = c (lower = true). */
function triangularSolve(r: Mat, c: ArrayLike<number>, lower: boolean): Float64Array {
  const n = r.cols, x = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const i = lower ? t : n - 1 - t;
    let s = c[i];
    if (lower) for (let j = 0; j < i; j++) s -= r.data[j * n + i] * x[j];
    else for (let j = i + 1; j < n; j++) s -= r.data[i * n + j] * x[j];
    x[i] = s / r.data[i * n + i];
  }
  return x;
}

export type LstsqKind = 'unique' | 'min-norm' | 'pseudo-inverse';

/**
 * Least squares min‖Ax − b‖₂ by Householder QR.
 * - full column rank (rows ≥ cols): the unique solution (AᵀA)⁻¹Aᵀb, kind 'unique';
 * - full row rank (rows < cols): the minimum-norm interpolant Aᵀ(AAᵀ)⁻¹b, kind 'min-norm';
 * - otherwise the minimum-norm least-squares solution A⁺b, kind 'pseudo-inverse'.
 */
export function lstsq(a: Mat, b: ArrayLike<number>): { x: Float64Array; kind: LstsqKind; rank: number; singularValues: Float64Array } {
  const tall = a.rows >= a.cols;
  const f = householderQR(tall ? a : transpose(a));
  const r = upperR(f);
  const s = jacobiSVD(r).s.sort().reverse();
  const tol = rankTolerance(a, s);
  let rank = 0;
  for (const v of s) if (v > tol) rank++;
  const full = rank === Math.min(a.rows, a.cols);
  let x: Float64Array;
  if (tall) {
    const c = Float64Array.from(b);
    applyQ(f, c, true);
    const head = c.subarray(0, a.cols);
    x = full ? triangularSolve(r, head, false) : pinvSolve(r, Float64Array.from(head), tol);
  } else {
    // A = RᵀQ₁ᵀ: x = Q₁·(Rᵀ)⁺b lies in row(A), hence minimum norm.
    const z = full ? triangularSolve(r, b, true) : pinvSolve(transpose(r), Float64Array.from(b), tol);
    x = new Float64Array(a.cols);
    x.set(z);
    applyQ(f, x, false);
  }
  const kind: LstsqKind = !full ? 'pseudo-inverse' : tall ? 'unique' : 'min-norm';
  return { x, kind, rank, singularValues: s };
}

/** Eigenvalues of a symmetric matrix (cyclic Jacobi), ascending. */
export function symmetricEigenvalues(a: Mat): Float64Array {
  const n = a.rows;
  const m = Float64Array.from(a.data);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0, diag = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i === j) diag += m[i * n + j] ** 2;
        else off += m[i * n + j] ** 2;
      }
    }
    if (off <= EPS * EPS * diag || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q];
        if (apq === 0) continue;
        const theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(1 + theta * theta));
        const c = 1 / Math.sqrt(1 + t * t), s = t * c;
        for (let k = 0; k < n; k++) { // columns p, q
          const kp = m[k * n + p], kq = m[k * n + q];
          m[k * n + p] = c * kp - s * kq;
          m[k * n + q] = s * kp + c * kq;
        }
        for (let k = 0; k < n; k++) { // rows p, q
          const pk = m[p * n + k], qk = m[q * n + k];
          m[p * n + k] = c * pk - s * qk;
          m[q * n + k] = s * pk + c * qk;
        }
      }
    }
  }
  const ev = new Float64Array(n);
  for (let i = 0; i < n; i++) ev[i] = m[i * n + i];
  return ev.sort();
}
