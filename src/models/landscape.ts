/**
 * Loss-landscape slices around a trained θ* (S10, seed 003 exercise 3e) and weight trajectories
 * drawn on them.
 *
 * - 1-D: ℓ(t) = L(θ* + tΔ) for t in a list.
 * - 2-D: z[j·n_t + i] = L(θ* + tᵢΔ₁ + sⱼΔ₂) on a grid (row j = s, column i = t, Plotly's z[y][x]),
 *   computed as ONE batched evaluation: the grid's parameter vectors are built on the device as the
 *   [G², P] matrix C·[θ*; Δ₁; Δ₂] (C = rows (1, t, s), one matMul) and the model's batched forward
 *   evaluates every row at once (in chunks of at most `maxElements / P` rows), with one readback.
 * - Directions Δ ~ N(0, I_P) from the rng, optionally rescaled: 'global' ‖Δ‖ = ‖θ*‖ ("Δ of the size
 *   of θ*"), or 'filter' (Li et al. 2018): each row of a weight block (one neuron's incoming weights)
 *   gets the norm of the same row of θ*, each bias block the norm of θ*'s bias block.
 * - A trajectory θ₀ … θ_K is drawn on (Δ₁, Δ₂) by least-squares coordinates
 *   (a_k, b_k) = argmin ‖θ_k − θ* − aΔ₁ − bΔ₂‖ (2×2 normal equations, float64), or on its own two
 *   principal directions: the top right singular vectors of M = [θ_k − θ_ref]_k (uncentred, θ_ref the
 *   final point by default), found by block power iteration on MᵀM applied as Mᵀ(M·V).
 */
import * as tf from '@tensorflow/tfjs';
import { makeRng, type Rng } from '../rng';
import type { LayoutEntry } from './mlp';

/** Per-row loss of a parameter matrix: thetas [R, P] → [R] (or [R, 1]); e.g. th => model.loss(th, fullBatch). */
export type RowsLoss = (thetas: tf.Tensor) => tf.Tensor;

export type DirectionScaling = 'none' | 'global' | 'filter';

export function linspace(a: number, b: number, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = n === 1 ? a : i === n - 1 ? b : a + ((b - a) * i) / (n - 1);
  return out;
}

const norm = (v: ArrayLike<number>, from = 0, to = v.length) => {
  let s = 0;
  for (let i = from; i < to; i++) s += v[i] * v[i];
  return Math.sqrt(s);
};

/** Δ ~ N(0, I_P) from `rng`, rescaled per `scaling` ('filter' needs the model's layout). */
export function randomDirection(rng: Rng, thetaStar: ArrayLike<number>, scaling: DirectionScaling = 'none', layout?: LayoutEntry[]): Float32Array {
  const p = thetaStar.length;
  const d = new Float32Array(p);
  for (let i = 0; i < p; i++) d[i] = rng.normal();
  const rescale = (from: number, to: number) => {
    const nd = norm(d, from, to), nt = norm(thetaStar, from, to);
    const c = nd > 0 ? nt / nd : 0;
    for (let i = from; i < to; i++) d[i] *= c;
  };
  if (scaling === 'global') rescale(0, p);
  else if (scaling === 'filter') {
    if (!layout) throw new Error("randomDirection: 'filter' scaling needs the model's layout");
    for (const e of layout) {
      const row = e.shape.length === 2 ? e.shape[1] : e.shape.reduce((a, b) => a * b, 1);
      const size = e.shape.reduce((a, b) => a * b, 1);
      for (let o = e.offset; o < e.offset + size; o += row) rescale(o, o + row);
    }
  }
  return d;
}

export interface EvalOptions {
  /** Largest number of parameter entries (rows·P) per batched evaluation; default 2²³. */
  maxElements?: number;
}

/**
 * L(θ* + tₖΔ₁ + sₖΔ₂) for the coefficient lists t, s (s and Δ₂ optional): built and evaluated on the
 * device in chunks of rows, one readback at the end.
 */
function evaluateAlongTensor(loss: RowsLoss, thetaStar: ArrayLike<number>, d1: ArrayLike<number>, t: ArrayLike<number>, d2?: ArrayLike<number>, s?: ArrayLike<number>, opts: EvalOptions = {}): tf.Tensor {
  const p = thetaStar.length, m = t.length;
  if (d1.length !== p || (d2 && d2.length !== p)) throw new Error('evaluateAlong: directions must have the length of θ*');
  if ((d2 === undefined) !== (s === undefined) || (s && s.length !== m)) throw new Error('evaluateAlong: give Δ₂ with s, one s per t');
  const chunk = Math.max(1, Math.floor((opts.maxElements ?? 2 ** 23) / p));
  const nb = d2 ? 3 : 2;
  // Row k is cₖ·B with cₖ = (1, tₖ, sₖ) and B = [θ*; Δ₁; Δ₂] ([nb, P]): one matMul per chunk builds the
  // rows on the device, uploading only the coefficients.
  const coef = new Float32Array(m * nb);
  for (let k = 0; k < m; k++) {
    coef[k * nb] = 1;
    coef[k * nb + 1] = t[k];
    if (s) coef[k * nb + 2] = s[k];
  }
  const basis = new Float32Array(nb * p);
  basis.set(Float32Array.from(thetaStar), 0);
  basis.set(Float32Array.from(d1), p);
  if (d2) basis.set(Float32Array.from(d2), 2 * p);
  const all = tf.tidy(() => {
    const b = tf.tensor2d(basis, [nb, p]);
    const parts: tf.Tensor[] = [];
    for (let a = 0; a < m; a += chunk) {
      const e = Math.min(m, a + chunk);
      // Each chunk in its own tidy: the [rows, P] matrix and the forward's intermediates go at once.
      parts.push(tf.tidy(() => tf.reshape(loss(tf.matMul(tf.tensor2d(coef.subarray(a * nb, e * nb), [e - a, nb]), b)), [-1])));
    }
    return parts.length === 1 ? parts[0] : tf.concat(parts);
  });
  return all;
}

export function evaluateAlong(loss: RowsLoss, thetaStar: ArrayLike<number>, d1: ArrayLike<number>, t: ArrayLike<number>, d2?: ArrayLike<number>, s?: ArrayLike<number>, opts: EvalOptions = {}): Float32Array {
  const all = evaluateAlongTensor(loss, thetaStar, d1, t, d2, s, opts);
  const out = all.dataSync() as Float32Array;
  all.dispose();
  return out;
}

/** `evaluateAlong` with an asynchronous readback (the worker's form: WebGPU's synchronous one is unreliable). */
export async function evaluateAlongAsync(loss: RowsLoss, thetaStar: ArrayLike<number>, d1: ArrayLike<number>, t: ArrayLike<number>, d2?: ArrayLike<number>, s?: ArrayLike<number>, opts: EvalOptions = {}): Promise<Float32Array> {
  const all = evaluateAlongTensor(loss, thetaStar, d1, t, d2, s, opts);
  const out = (await all.data()) as Float32Array;
  all.dispose();
  return out;
}

/** ℓ(t) = L(θ* + tΔ) for every t. */
export function landscape1d(loss: RowsLoss, thetaStar: ArrayLike<number>, delta: ArrayLike<number>, ts: ArrayLike<number>, opts?: EvalOptions): Float32Array {
  return evaluateAlong(loss, thetaStar, delta, ts, undefined, undefined, opts);
}

export interface Landscape2D {
  ts: Float32Array;
  ss: Float32Array;
  /** z[j·ts.length + i] = L(θ* + tsᵢΔ₁ + ssⱼΔ₂), raw (may hold Inf/NaN where the loss overflows). */
  z: Float32Array;
  /** z clipped to [min, clip] for display, non-finite values set to `clip`. */
  zDisplay: Float32Array;
  clip: number;
  /** L(θ*). */
  center: number;
}

/**
 * The 2-D slice on the grid ts × ss, one batched evaluation of the ts.length·ss.length rows.
 * `clip` (display ceiling) defaults to the 95th percentile of the finite values.
 */
export function landscape2d(loss: RowsLoss, thetaStar: ArrayLike<number>, d1: ArrayLike<number>, d2: ArrayLike<number>, ts: ArrayLike<number>, ss: ArrayLike<number>, opts: EvalOptions & { clip?: number } = {}): Landscape2D {
  const nt = ts.length, ns = ss.length;
  const t = new Float32Array(nt * ns), s = new Float32Array(nt * ns);
  for (let j = 0; j < ns; j++) for (let i = 0; i < nt; i++) { t[j * nt + i] = ts[i]; s[j * nt + i] = ss[j]; }
  const z = evaluateAlong(loss, thetaStar, d1, t, d2, s, opts);
  const clip = opts.clip ?? quantile(z, 0.95);
  const center = evaluateAlong(loss, thetaStar, d1, [0])[0];
  return { ts: Float32Array.from(ts), ss: Float32Array.from(ss), z, zDisplay: clipValues(z, clip), clip, center };
}

/** min(z, hi), with NaN and ±Inf mapped to hi (large losses cut off for display, as seed 003 advises). */
export function clipValues(z: ArrayLike<number>, hi: number): Float32Array {
  const out = new Float32Array(z.length);
  for (let i = 0; i < z.length; i++) out[i] = Number.isFinite(z[i]) ? Math.min(z[i], hi) : hi;
  return out;
}

/** The q-quantile of the finite values (nearest rank); Infinity if none is finite. */
export function quantile(z: ArrayLike<number>, q: number): number {
  const v = Array.from(z).filter(Number.isFinite).sort((a, b) => a - b);
  return v.length ? v[Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1))] : Infinity;
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>, n = a.length) => {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] * b[i];
  return s;
};

export interface Projection {
  a: Float64Array;
  b: Float64Array;
  /** ‖θ_k − θ* − a_kΔ₁ − b_kΔ₂‖: how far the trajectory is off the plane. */
  residual: Float64Array;
}

/** Least-squares coordinates of every θ_k in the plane θ* + span(Δ₁, Δ₂). */
export function projectTrajectory(traj: readonly ArrayLike<number>[], thetaStar: ArrayLike<number>, d1: ArrayLike<number>, d2: ArrayLike<number>): Projection {
  const p = thetaStar.length, k = traj.length;
  const g11 = dot(d1, d1), g12 = dot(d1, d2), g22 = dot(d2, d2);
  const det = g11 * g22 - g12 * g12;
  if (!(det > 1e-12 * g11 * g22)) throw new Error('projectTrajectory: Δ₁ and Δ₂ are (nearly) parallel');
  const a = new Float64Array(k), b = new Float64Array(k), residual = new Float64Array(k);
  const r = new Float64Array(p);
  traj.forEach((th, i) => {
    for (let j = 0; j < p; j++) r[j] = th[j] - thetaStar[j];
    const c1 = dot(r, d1), c2 = dot(r, d2);
    a[i] = (g22 * c1 - g12 * c2) / det;
    b[i] = (g11 * c2 - g12 * c1) / det;
    for (let j = 0; j < p; j++) r[j] -= a[i] * d1[j] + b[i] * d2[j];
    residual[i] = norm(r);
  });
  return { a, b, residual };
}

export interface TrajectoryPca extends Projection {
  /** Unit principal directions (signs fixed so that θ₀ has coordinates ≤ 0). */
  d1: Float32Array;
  d2: Float32Array;
  /** σ₁², σ₂² over ‖M‖_F²: the share of the squared displacement each direction explains. */
  explained: [number, number];
}

/**
 * The two principal directions of a trajectory: top-2 right singular vectors of M (rows θ_k − θ_ref),
 * by block power iteration V ← orth(Mᵀ(MV)) and a final 2×2 Rayleigh–Ritz rotation; coordinates
 * a_k = d₁·(θ_k − θ_ref), b_k = d₂·(θ_k − θ_ref). Cost 4KP per iteration (no Gram matrix stored).
 */
export function trajectoryPca(traj: readonly ArrayLike<number>[], ref: ArrayLike<number> = traj[traj.length - 1], rng: Rng = makeRng('pca'), iterations = 500): TrajectoryPca {
  const p = ref.length, k = traj.length;
  const m = traj.map((th) => Float64Array.from({ length: p }, (_, j) => th[j] - ref[j]));
  const apply = (v: Float64Array) => { // MᵀM v
    const out = new Float64Array(p);
    for (const row of m) { const c = dot(row, v); if (c !== 0) for (let j = 0; j < p; j++) out[j] += c * row[j]; }
    return out;
  };
  const orth = (v: Float64Array, against: Float64Array | null) => {
    if (against) { const c = dot(v, against); for (let j = 0; j < p; j++) v[j] -= c * against[j]; }
    const n = norm(v);
    if (n === 0) return false;
    for (let j = 0; j < p; j++) v[j] /= n;
    return true;
  };
  const random = () => Float64Array.from({ length: p }, () => rng.normal());
  let v1 = random(), v2 = random();
  orth(v1, null);
  orth(v2, v1);
  for (let it = 0; it < iterations; it++) {
    const w1 = apply(v1), w2 = apply(v2);
    if (!orth(w1, null)) break; // M = 0: keep the random pair
    if (!orth(w2, w1)) { w2.set(random()); orth(w2, w1); }
    const change = Math.abs(1 - Math.abs(dot(w1, v1))) + Math.abs(1 - Math.abs(dot(w2, v2)));
    v1 = w1; v2 = w2;
    if (change < 1e-13) break;
  }
  // Rayleigh–Ritz: the 2×2 matrix Vᵀ MᵀM V, diagonalised by a rotation.
  const u1 = apply(v1), u2 = apply(v2);
  const h11 = dot(v1, u1), h12 = dot(v1, u2), h22 = dot(v2, u2);
  const phi = 0.5 * Math.atan2(2 * h12, h11 - h22), c = Math.cos(phi), sn = Math.sin(phi);
  const e1 = v1.map((x, j) => c * x + sn * v2[j]), e2 = v1.map((x, j) => -sn * x + c * v2[j]);
  const l1 = c * c * h11 + 2 * c * sn * h12 + sn * sn * h22, l2 = sn * sn * h11 - 2 * c * sn * h12 + c * c * h22;
  const [f1, f2, s1, s2] = l1 >= l2 ? [e1, e2, l1, l2] : [e2, e1, l2, l1];
  const total = m.reduce((acc, row) => acc + dot(row, row), 0);
  for (const f of [f1, f2]) if (k > 0 && dot(m[0], f) > 0) for (let j = 0; j < p; j++) f[j] = -f[j];
  const proj = projectTrajectory(traj, ref, f1, f2);
  return { ...proj, d1: Float32Array.from(f1), d2: Float32Array.from(f2), explained: total > 0 ? [s1 / total, s2 / total] : [0, 0] };
}
