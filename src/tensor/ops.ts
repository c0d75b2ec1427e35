/**
 * The tensor implementation of the optimizers' vector interface (src/optim/vector.ts): the same
 * optimizer definitions run on TF.js tensors, float32, on whatever backend is active (WebGPU first).
 *
 * A vector is a mutable box around an immutable tensor: an operation computes the new tensor, keeps
 * it, and disposes the one it replaces, so optimizer state lives across steps without leaking.
 * Call every step inside `tf.tidy`: temporaries (scalars, intermediates) are freed at its end.
 *
 * Vectors are [P] for one run or [R, P] for R runs batched into one program ("vmap by hand");
 * scalars are then [1] or [R, 1] (per-run losses, norms and step sizes) and broadcast against rows.
 */
import * as tf from '@tensorflow/tfjs';
import type { VectorOps } from '../optim/vector';

export interface TBox {
  t: tf.Tensor;
}

export type TScalar = tf.Tensor;

/** Replaces a box's tensor, keeping the new one alive past the current tidy and freeing the old. */
export function replace(box: TBox, next: tf.Tensor): void {
  const old = box.t;
  box.t = tf.keep(next);
  if (old !== next && !old.isDisposed) old.dispose();
}

/** A box that owns a fresh copy of `t`. */
export function box(t: tf.Tensor): TBox {
  return { t: tf.keep(t.clone()) };
}

/** Frees a box's tensor (state that is no longer needed). */
export function release(b: TBox): void {
  if (!b.t.isDisposed) b.t.dispose();
}

const asTensor = (c: number | TScalar): tf.Tensor | number => c;

export const tensorOps: VectorOps<TBox, TScalar> = {
  zeros: (like) => ({ t: tf.keep(tf.zerosLike(like.t)) }),
  fromArray(values, like) {
    const row = tf.tensor1d(Float32Array.from(values), 'float32');
    if (like.t.rank === 1) return { t: tf.keep(row) };
    return { t: tf.keep(tf.tile(row.expandDims(0), [like.t.shape[0], 1])) };
  },
  free: (v) => release(v),
  length: (v) => v.t.shape[v.t.rank - 1] as number,
  copy: (dst, src) => replace(dst, src.t.clone()),
  fill: (dst, value) => replace(dst, tf.fill(dst.t.shape, value)),
  scale: (dst, c) => replace(dst, tf.mul(dst.t, asTensor(c))),
  axpby: (dst, a, b, x) => replace(dst, tf.add(tf.mul(dst.t, a), tf.mul(x.t, asTensor(b)))),
  axpbySquare: (dst, a, b, x) => replace(dst, tf.add(tf.mul(dst.t, a), tf.mul(tf.square(x.t), b))),
  mul: (dst, x) => replace(dst, tf.mul(dst.t, x.t)),
  divSqrtPlus: (dst, x, d, eps) => replace(dst, tf.div(dst.t, tf.add(tf.div(tf.sqrt(x.t), d), eps))),
  maximum: (dst, x) => replace(dst, tf.maximum(dst.t, x.t)),
  subSquare: (dst, x, y) => replace(dst, tf.sub(x.t, tf.square(y.t))),
  // Per-run reductions: [P] → [1], [R, P] → [R, 1], so scalars broadcast against rows.
  dot: (x, y) => tf.sum(tf.mul(x.t, y.t), -1, true),
  scalar: (x) => tf.scalar(x),
  perRun: (values) => tf.tensor2d(Float32Array.from(values), [values.length, 1]),
  affine: (a, m, c) => tf.add(tf.mul(a, m), c),
  div: (a, b) => tf.divNoNan(a, b),
  times: (a, b) => tf.mul(a, b),
  // NaN → lo: where(a is NaN, lo, clip(a)). clipByValue rejects an infinite bound, so use min/max.
  clamp: (a, lo, hi) => tf.where(tf.isNaN(a), tf.fill(a.shape, lo), tf.minimum(tf.maximum(a, lo), hi)),
  read: (a) => a.dataSync()[0],
};
