/**
 * nn.Linear, y = act(z·Wᵀ + b) for z [N, in], W [out, in], b [out], as one fused product with its
 * own gradient (act: identity or ReLU).
 *
 * Why: the bias rides in the product's kernel (tf.fused.matMul) instead of a broadcast tf.add, which
 * is a kernel of its own, and slow on SwiftShader WebGPU (~20 ms for [1024, 64] + [64], against
 * ~0.5 ms for a same-shape add, profiled in Chromium); the gradient is written out so that the bias's
 * part is a column sum by a product (rowVector.ts) and the weight's part a plain product on wasm
 * (matMul.ts). With G = ∂L/∂(z·Wᵀ + b) (dy masked by y > 0 for ReLU):
 *   ∂L/∂z = G·W,   ∂L/∂W = Gᵀ·z,   ∂L/∂b = Σ_rows G.
 */
import * as tf from '@tensorflow/tfjs';
import { matMulValue } from './matMul';
import { columnSum } from './rowVector';

export type LinearActivation = 'linear' | 'relu';

function make(activation: LinearActivation) {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [z, w, b, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    // wasm: a plain product with Wᵀ materialised ([out, in]: small) is ~10× faster (matMul.ts).
    const value = tf.getBackend() === 'wasm'
      ? tf.fused.matMul({ a: z, b: tf.transpose(w), bias: b, activation })
      : tf.fused.matMul({ a: z, b: w, transposeB: true, bias: b, activation });
    save(activation === 'relu' ? [z, w, value] : [z, w]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sz, sw, sy] = saved;
        const g = activation === 'relu' ? tf.mul(dy, tf.step(sy)) : dy;
        return [matMulValue(g, sw), matMulValue(g, sz, true, false), columnSum(g, [sw.shape[0]])];
      },
    };
  });
}

const OPS: Record<LinearActivation, (z: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor> = { linear: make('linear'), relu: make('relu') };

/** act(z·Wᵀ + b) for z [N, in], W [out, in] (PyTorch's layout), b [out]. */
export function linear(z: tf.Tensor, w: tf.Tensor, b: tf.Tensor, activation: LinearActivation = 'linear'): tf.Tensor {
  if (z.rank !== 2 || w.rank !== 2 || b.rank !== 1 || z.shape[1] !== w.shape[1] || b.shape[0] !== w.shape[0]) {
    throw new Error(`linear: z [${z.shape}], W [${w.shape}] and b [${b.shape}] do not fit z [N, in], W [out, in], b [out]`);
  }
  return OPS[activation](z, w, b);
}
