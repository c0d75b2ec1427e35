/**
 * rowVector.ts: addRow gives tf.add's value and gradients (the parameter's summed by a matrix
 * product), for a bias on [N, C] and a table on [B, T, C]; it refuses a parameter whose shape is not
 * z's trailing shape, and keeps no tensor.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { makeRng } from '../rng';
import { addRow, columnSum } from './rowVector';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const rng = makeRng('rowVector');
const fill = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()), shape);
const maxDiff = (x: tf.Tensor, y: tf.Tensor) => Math.max(...(tf.tidy(() => tf.abs(tf.sub(x, y))).dataSync() as Float32Array));

describe('addRow', () => {
  it.each([
    { z: [30, 7], p: [7] },
    { z: [4, 6, 5], p: [6, 5] },
  ])('z $z with a parameter $p: value and both gradients equal tf.add’s', ({ z, p }) => {
    const zt = fill(z);
    const pt = fill(p);
    const r = fill(z); // a loss Σ f(z, p)∘r with a gradient that is not all ones
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      expect(maxDiff(addRow(zt, pt), tf.add(zt, pt))).toBe(0);
      const loss = (f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor) => (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a, b), r));
      const [dz, dp] = tf.grads(loss(addRow))([zt, pt]);
      const [dz0, dp0] = tf.grads(loss(tf.add))([zt, pt]);
      expect(dp.shape).toEqual(p);
      expect(maxDiff(dz, dz0)).toBeLessThan(1e-6);
      expect(maxDiff(dp, dp0)).toBeLessThan(1e-4);
      expect(maxDiff(dp, tf.zerosLike(dp))).toBeGreaterThan(0.1); // a real gradient, not zeros on both sides
    });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([zt, pt, r]);
  });

  it('sums the leading axes by a product: columnSum([[1, 2], [3, 4], [5, 6]]) = [9, 12]', () => {
    const s = tf.tidy(() => columnSum(tf.tensor2d([[1, 2], [3, 4], [5, 6]]), [2]));
    expect(Array.from(s.dataSync())).toEqual([9, 12]);
    s.dispose();
  });

  it('refuses a parameter that is not the trailing shape of z', () => {
    tf.tidy(() => {
      const z = tf.zeros([4, 3]);
      expect(() => addRow(z, tf.zeros([4]))).toThrow(/addRow: shape \[4\] is not the trailing shape of \[4,3\]/);
      expect(() => addRow(z, tf.zeros([2, 4, 3]))).toThrow(/addRow/);
    });
  });
});
