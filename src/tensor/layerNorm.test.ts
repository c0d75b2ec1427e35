/**
 * layerNorm.ts: the value and the gradients of z, g and b equal autodiff of the tf.moments form
 * (nn.LayerNorm's arithmetic), on the cpu and wasm backends; each row of the output has mean b and
 * spread g before the affine part; wrong shapes are refused; no tensor is kept.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { makeRng } from '../rng';
import { layerNorm } from './layerNorm';

afterAll(async () => {
  await tf.setBackend('cpu');
});

const reference = (z: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
  const { mean, variance } = tf.moments(z, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(z, mean), tf.rsqrt(tf.add(variance, 1e-5))), g), b);
};

/** Value and ∂/∂(z, g, b) of Σ f(z, g, b)∘R, as arrays. */
function evaluate(f: typeof reference): Float32Array[] {
  const rng = makeRng('layerNorm');
  const fill = (shape: number[], scale = 1, shift = 0) => tf.tensor(Float32Array.from({ length: shape.reduce((x, y) => x * y, 1) }, () => shift + scale * rng.normal()), shape);
  // Rows with their own offsets and scales, so that μ and σ matter.
  const z = tf.tidy(() => tf.add(tf.mul(fill([24, 10]), fill([24, 1], 2, 3)), fill([24, 1], 5)));
  const [g, b, r] = [fill([10], 0.5, 1), fill([10]), fill([24, 10])];
  const before = tf.memory().numTensors;
  const out = tf.tidy(() => {
    const value = f(z, g, b);
    const grads = tf.grads((x: tf.Tensor, y: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(f(x, y, c), r)))([z, g, b]);
    return [value, ...grads].map((t) => t.dataSync() as Float32Array);
  });
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([z, g, b, r]);
  return out;
}

const maxDiff = (x: Float32Array, y: Float32Array) => x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i])), 0);

describe('layerNorm', () => {
  it.each(['cpu', 'wasm'])('on %s: value and gradients of z, g and b equal autodiff of the tf.moments form', async (backend) => {
    await tf.setBackend('cpu');
    const ref = evaluate(reference);
    expect(await tf.setBackend(backend)).toBe(true);
    const got = evaluate(layerNorm);
    expect(got.map((a) => a.length)).toEqual([240, 240, 10, 10]);
    for (let i = 0; i < 4; i++) expect(maxDiff(got[i], ref[i])).toBeLessThan(1e-4);
    // Each row of ∂L/∂z sums to 0 (the output does not move when a row shifts by a constant); it is not all zeros.
    for (let row = 0; row < 24; row++) expect(Math.abs(got[1].subarray(row * 10, row * 10 + 10).reduce((a, v) => a + v, 0))).toBeLessThan(1e-3);
    expect(maxDiff(got[1], new Float32Array(240))).toBeGreaterThan(0.01);
  });

  it('normalises each row: with g = 1 and b = 0 every row has mean 0 and variance 1 (up to ε)', () => {
    const y = tf.tidy(() => layerNorm(tf.tensor2d([[1, 2, 3, 4], [10, 10, 30, 30]]), tf.ones([4]), tf.zeros([4])));
    const rows = (y.arraySync() as number[][]).map((row) => {
      const m = row.reduce((a, v) => a + v, 0) / 4;
      return [m, row.reduce((a, v) => a + (v - m) ** 2, 0) / 4];
    });
    y.dispose();
    for (const [m, v] of rows) {
      expect(Math.abs(m)).toBeLessThan(1e-6);
      expect(v).toBeGreaterThan(0.99);
      expect(v).toBeLessThan(1.0001);
    }
  });

  it('refuses shapes that are not z [N, C], g [C], b [C]', () => {
    tf.tidy(() => {
      expect(() => layerNorm(tf.zeros([4, 3]), tf.zeros([4]), tf.zeros([3]))).toThrow(/layerNorm: z \[4,3\], g \[4\] and b \[3\]/);
    });
  });
});
