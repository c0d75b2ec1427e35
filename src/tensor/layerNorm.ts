/**
 * LayerNorm over the last axis, y = x̂∘g + b with x̂ = (z − μ)/√(σ² + ε) (μ, σ² per row, biased
 * variance, as nn.LayerNorm), as one op with its gradient written out.
 *
 * Why: autodiff through tf.moments emits three row reductions and a dozen broadcast element-wise
 * kernels per LayerNorm backward; the closed form needs two reductions. Row reductions and broadcast
 * kernels are what a SwiftShader WebGPU step spends much of its time on (~30–50 ms each for
 * [1024, 64], profiled in Chromium; docs/performance.md, B4). With r = 1/√(σ² + ε) and dx̂ = dy∘g:
 *   ∂L/∂z = r·(dx̂ − mean(dx̂) − x̂·mean(dx̂∘x̂)),   ∂L/∂g = Σ_rows dy∘x̂,   ∂L/∂b = Σ_rows dy
 * (row means over the last axis; the column sums are products, rowVector.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { columnSum } from './rowVector';

const EPS = 1e-5;

const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [z, g, b, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  const d = tf.sub(z, tf.mean(z, -1, true));
  const r = tf.rsqrt(tf.add(tf.mean(tf.square(d), -1, true), EPS));
  const xhat = tf.mul(d, r);
  save([xhat, r, g]);
  return {
    value: tf.add(tf.mul(xhat, g), b),
    gradFunc: (dy: tf.Tensor, [sx, sr, sg]: tf.Tensor[]) => {
      const dxhat = tf.mul(dy, sg);
      const centred = tf.sub(dxhat, tf.mean(dxhat, -1, true));
      const dz = tf.mul(tf.sub(centred, tf.mul(sx, tf.mean(tf.mul(dxhat, sx), -1, true))), sr);
      return [dz, columnSum(tf.mul(dy, sx), sg.shape), columnSum(dy, sg.shape)];
    },
  };
});

/** LayerNorm of z [N, C] with gain g [C] and bias b [C] (ε = 1e-5). */
export function layerNorm(z: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const C = z.shape[z.rank - 1];
  if (z.rank !== 2 || g.rank !== 1 || b.rank !== 1 || g.shape[0] !== C || b.shape[0] !== C) {
    throw new Error(`layerNorm: z [${z.shape}], g [${g.shape}] and b [${b.shape}] do not fit z [N, C], g [C], b [C]`);
  }
  return op(z, g, b);
}
