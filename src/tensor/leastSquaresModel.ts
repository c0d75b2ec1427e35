/**
 * A least-squares problem of the analytic path, f(θ) = (1/N)·Σ(φ(xᵢ)ᵀθ − yᵢ)², run on the tensor
 * path in float32 ("float32 on the GPU"): the same data and the same mini-batch order as the float64
 * runner, so the two can be compared step for step. What students see: float32 stops far above the
 * 1e-16 gaps of S9/S11.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng';
import type { Problem } from '../problems/problem';
import { BatchSampler, type Sampling } from '../run/batches';
import type { TensorModel } from '../models/model';

export interface DesignBatch {
  phi: tf.Tensor2D;
  y: tf.Tensor1D;
}

export function leastSquaresTensorModel(problem: Problem, batchRng: Rng, sampling: Sampling): TensorModel<DesignBatch> {
  const design = problem.design;
  if (!design) throw new Error(`precision: float32 on the tensor path is available for least-squares problems, not ${problem.id}`);
  const p = problem.dim;
  const n = problem.n;
  const phi = tf.keep(tf.tensor2d(Float32Array.from(design.phi), [n, p]));
  const y = tf.keep(tf.tensor1d(Float32Array.from(design.y)));
  const samplers = new Map<number, BatchSampler>();
  return {
    id: `${problem.id}-float32`,
    dim: p,
    layout: [{ name: 'theta', offset: 0, shape: [p] }],
    initParams: () => Float32Array.from(problem.defaultInit),
    batch(k, batchSize) {
      let s = samplers.get(batchSize);
      if (!s) samplers.set(batchSize, (s = new BatchSampler(batchRng, n, batchSize, sampling)));
      const idx = s.batch(k);
      if (!idx) return { phi: phi.clone(), y: y.clone() };
      const i = tf.tensor1d(Int32Array.from(idx), 'int32');
      const out = { phi: tf.gather(phi, i) as tf.Tensor2D, y: tf.gather(y, i) as tf.Tensor1D };
      i.dispose();
      return out;
    },
    loss(theta, b) {
      // [P] → residual [B]; [R, P] → [R, B].
      const pred = theta.rank === 1 ? tf.squeeze(tf.matMul(b.phi, theta.reshape([p, 1])), [1]) : tf.matMul(theta, b.phi, false, true);
      return tf.mean(tf.square(tf.sub(pred, b.y)), -1);
    },
    dispose: () => tf.dispose([phi, y]),
  };
}
