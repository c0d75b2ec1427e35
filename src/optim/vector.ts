/**
 * The small vector interface every optimizer block is written against, so each optimizer is defined
 * once and runs on two numeric paths: `f64` (Float64Array, in place, no allocation) here, and TF.js
 * tensors (src/tensor/ops.ts) for neural models and batched runs.
 *
 * V is a mutable vector handle and N a scalar handle. Operations write into their first argument
 * (`dst`), which lets the Float64Array path work in place and the tensor path swap the handle's
 * tensor. Scalars that depend on the data (a loss, ‖g‖², Polyak's step) are N, so the tensor path can
 * keep them on the device; `read` brings one back to the CPU (a readback on the tensor path: only
 * Armijo's data-dependent loop needs it).
 */
export interface VectorOps<V, N> {
  /** A new zero vector shaped like `like`. */
  zeros(like: V): V;
  /** A vector shaped like `like` holding `values` (one per parameter: H⁻¹ diagonals). */
  fromArray(values: Float64Array, like: V): V;
  /** Frees a vector that is no longer used (a no-op for Float64Array; frees device memory for tensors). */
  free(v: V): void;
  /** Number of parameters of a vector. */
  length(v: V): number;
  /** dst ← src */
  copy(dst: V, src: V): void;
  /** dst ← value everywhere */
  fill(dst: V, value: number): void;
  /** dst ← c·dst */
  scale(dst: V, c: number | N): void;
  /** dst ← a·dst + b·x */
  axpby(dst: V, a: number, b: number | N, x: V): void;
  /** dst ← a·dst + b·x⊙x */
  axpbySquare(dst: V, a: number, b: number, x: V): void;
  /** dst ← dst ⊙ x */
  mul(dst: V, x: V): void;
  /** dst ← dst / (√x/d + eps), elementwise (ε outside the root, after the bias correction d: PyTorch) */
  divSqrtPlus(dst: V, x: V, d: number, eps: number): void;
  /** dst ← max(dst, x), elementwise */
  maximum(dst: V, x: V): void;
  /** dst ← x − y⊙y (centered RMSprop's variance) */
  subSquare(dst: V, x: V, y: V): void;
  /** ⟨x, y⟩ */
  dot(x: V, y: V): N;
  /** A scalar handle holding `x`. */
  scalar(x: number): N;
  /**
   * One scalar per batched run ([R, 1] on the tensor path), for sweeps over a hyperparameter in one
   * program; the float64 path runs one run at a time and refuses it.
   */
  perRun(values: readonly number[]): N;
  /** a·m + c for a scalar a */
  affine(a: N, m: number, c: number): N;
  /** a / b, and 0 where b = 0 (TF.js's divNoNan): a zero denominator means "no step", never NaN */
  div(a: N, b: N): N;
  /** a · b */
  times(a: N, b: N): N;
  /** min(max(a, lo), hi); a NaN becomes lo */
  clamp(a: N, lo: number, hi: number): N;
  /** The value of a scalar on the CPU. */
  read(a: N): number;
}

/** The Float64Array implementation: plain loops, in place. */
export const f64: VectorOps<Float64Array, number> = {
  zeros: (like) => new Float64Array(like.length),
  fromArray: (values) => Float64Array.from(values),
  free: () => {},
  length: (v) => v.length,
  copy: (dst, src) => dst.set(src),
  fill: (dst, value) => void dst.fill(value),
  scale(dst, c) {
    for (let i = 0; i < dst.length; i++) dst[i] *= c;
  },
  axpby(dst, a, b, x) {
    for (let i = 0; i < dst.length; i++) dst[i] = a * dst[i] + b * x[i];
  },
  axpbySquare(dst, a, b, x) {
    for (let i = 0; i < dst.length; i++) dst[i] = a * dst[i] + b * x[i] * x[i];
  },
  mul(dst, x) {
    for (let i = 0; i < dst.length; i++) dst[i] *= x[i];
  },
  divSqrtPlus(dst, x, d, eps) {
    for (let i = 0; i < dst.length; i++) dst[i] = dst[i] / (Math.sqrt(x[i]) / d + eps);
  },
  maximum(dst, x) {
    for (let i = 0; i < dst.length; i++) if (x[i] > dst[i]) dst[i] = x[i];
  },
  subSquare(dst, x, y) {
    for (let i = 0; i < dst.length; i++) dst[i] = x[i] - y[i] * y[i];
  },
  dot(x, y) {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i] * y[i];
    return s;
  },
  scalar: (x) => x,
  perRun: () => {
    throw new Error('a list of values for one hyperparameter is a batched sweep: the tensor path runs it');
  },
  affine: (a, m, c) => a * m + c,
  div: (a, b) => (b === 0 ? 0 : a / b),
  times: (a, b) => a * b,
  clamp: (a, lo, hi) => (Number.isNaN(a) ? lo : Math.min(Math.max(a, lo), hi)),
  read: (a) => a,
};
