/**
 * linear.ts: act(z·Wᵀ + b) and its three gradients equal autodiff of tf.matMul + tf.add (+ tf.relu),
 * on the cpu and the wasm backend (whose forward takes the explicit-transpose path); wrong shapes are
 * refused; no tensor is kept.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { makeRng } from '../rng';
import { linear, type LinearActivation } from './linear';

afterAll(async () => {
  await tf.setBackend('cpu');
});

/** Value and ∂/∂(z, W, b) of Σ f(z, W, b)∘R, as arrays. */
function evaluate(f: (z: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor): Float32Array[] {
  const rng = makeRng('linear');
  const fill = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((x, y) => x * y, 1) }, () => rng.normal()), shape);
  const [z, w, b, r] = [fill([30, 12]), fill([20, 12]), fill([20]), fill([30, 20])];
  const before = tf.memory().numTensors;
  const out = tf.tidy(() => {
    const value = f(z, w, b);
    const grads = tf.grads((x: tf.Tensor, y: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(f(x, y, c), r)))([z, w, b]);
    return [value, ...grads].map((t) => t.dataSync() as Float32Array);
  });
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([z, w, b, r]);
  return out;
}

const reference = (activation: LinearActivation) => (z: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => {
  const pre = tf.add(tf.matMul(z, w, false, true), b);
  return activation === 'relu' ? tf.relu(pre) : pre;
};

const maxDiff = (x: Float32Array, y: Float32Array) => x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i])), 0);

describe('linear', () => {
  it.each([
    ['cpu', 'linear'],
    ['cpu', 'relu'],
    ['wasm', 'linear'],
    ['wasm', 'relu'],
  ] as const)('on %s, activation %s: value and gradients of z, W and b equal autodiff of matMul + add', async (backend, activation) => {
    await tf.setBackend('cpu');
    const ref = evaluate(reference(activation));
    expect(await tf.setBackend(backend)).toBe(true);
    const got = evaluate((z, w, b) => linear(z, w, b, activation));
    expect(got.map((a) => a.length)).toEqual([600, 360, 240, 20]);
    for (let i = 0; i < 4; i++) expect(maxDiff(got[i], ref[i])).toBeLessThan(1e-4);
    if (activation === 'relu') {
      // ReLU acted: some outputs are clamped to zero and the others are not.
      expect(got[0].some((v) => v === 0) && got[0].some((v) => v > 0)).toBe(true);
    }
  });

  it('refuses shapes that are not z [N, in], W [out, in], b [out]', () => {
    tf.tidy(() => {
      expect(() => linear(tf.zeros([4, 3]), tf.zeros([5, 2]), tf.zeros([5]))).toThrow(/linear: z \[4,3\], W \[5,2\] and b \[5\]/);
      expect(() => linear(tf.zeros([4, 3]), tf.zeros([5, 3]), tf.zeros([3]))).toThrow(/linear:/);
    });
  });
});
