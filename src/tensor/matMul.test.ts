/**
 * matMul.ts: on wasm, the product and both gradients with explicit transposes equal tf.matMul's
 * (computed on the cpu backend) for every transpose flag, ranks 2 and 4, on shapes that take each of
 * the two identities; no tensor is left behind; other backends run tf.matMul itself.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { makeRng } from '../rng';
import { matMul } from './matMul';

afterAll(async () => {
  await tf.setBackend('cpu');
});

interface Case { a: number[]; b: number[]; ta: boolean; tb: boolean }

/** Product, ∂/∂a and ∂/∂b of Σ C∘R for a fixed R, as arrays. */
function evaluate(c: Case, mul: typeof matMul): { value: Float32Array; da: Float32Array; db: Float32Array } {
  const rng = makeRng(`${c.a}|${c.b}|${c.ta}|${c.tb}`);
  const fill = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((x, y) => x * y, 1) }, () => rng.normal()), shape);
  const a = fill(c.a);
  const b = fill(c.b);
  const value = mul(a, b, c.ta, c.tb);
  const r = fill(value.shape);
  const before = tf.memory().numTensors;
  const out = tf.tidy(() => {
    const [da, db] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(mul(x, y, c.ta, c.tb), r)))([a, b]);
    return { da: da.dataSync() as Float32Array, db: db.dataSync() as Float32Array };
  });
  expect(tf.memory().numTensors).toBe(before); // nothing kept by the custom gradient
  const v = value.dataSync() as Float32Array;
  tf.dispose([a, b, r, value]);
  return { value: v, ...out };
}

const maxDiff = (x: Float32Array, y: Float32Array) => x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i])), 0);

// [40, 8]ᵀ: transposing a (320 floats) beats transposing b and the product; [40, 24]ᵀ·[40, 8]: the other way.
const cases: Case[] = [
  { a: [40, 24], b: [24, 8], ta: false, tb: false },
  { a: [40, 24], b: [8, 24], ta: false, tb: true },
  { a: [40, 8], b: [40, 24], ta: true, tb: false },
  { a: [40, 24], b: [40, 8], ta: true, tb: false },
  { a: [24, 40], b: [8, 24], ta: true, tb: true },
  { a: [3, 2, 12, 5], b: [3, 2, 12, 7], ta: true, tb: false },
  { a: [3, 2, 12, 5], b: [3, 2, 7, 5], ta: false, tb: true },
  { a: [3, 2, 12, 5], b: [3, 2, 5, 7], ta: false, tb: false },
];

describe('matMul with explicit transposes (wasm)', () => {
  it.each(cases)('a $a (ᵀ $ta) · b $b (ᵀ $tb): value and gradients equal tf.matMul’s', async (c) => {
    await tf.setBackend('cpu');
    const ref = evaluate(c, (x, y, ta, tb) => tf.matMul(x, y, ta, tb));
    expect(await tf.setBackend('wasm')).toBe(true);
    const got = evaluate(c, matMul);
    expect(got.value.length).toBe(ref.value.length);
    expect(maxDiff(got.value, ref.value)).toBeLessThan(1e-4);
    expect(maxDiff(got.da, ref.da)).toBeLessThan(1e-4);
    expect(maxDiff(got.db, ref.db)).toBeLessThan(1e-4);
    expect(got.da.length).toBe(c.a.reduce((x, y) => x * y, 1));
  });

  it('materialises the transposes on wasm and leaves them to the kernel elsewhere', async () => {
    const kernels = async () => {
      const a = tf.ones([40, 24]);
      const b = tf.ones([8, 24]);
      const prof = await tf.profile(() => tf.dispose(matMul(a, b, false, true)));
      tf.dispose([a, b]);
      return prof.kernels.map((k) => k.name).filter((n) => n === 'Transpose' || n === 'BatchMatMul');
    };
    expect(await tf.setBackend('wasm')).toBe(true);
    expect(await kernels()).toEqual(['Transpose', 'BatchMatMul']);
    await tf.setBackend('cpu');
    expect(await kernels()).toEqual(['BatchMatMul']);
  });
});
