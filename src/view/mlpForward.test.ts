import { describe, expect, it } from 'vitest';
import { mlpForward, mlpParamCount, mlpShape } from './mlpForward';

describe('mlpForward (the page’s float64 MLP)', () => {
  it('counts parameters as the flat layout: depth 2, width 10 → 141', () => {
    expect(mlpParamCount(mlpShape().sizes)).toBe(141);
    expect(mlpShape({ depth: 1, width: 3, activation: 1 })).toEqual({ sizes: [1, 3, 1], activation: 'sigmoid4' });
  });

  it('matches a hand computation: one hidden layer of 2 ReLU units', () => {
    // linear1.weight [2, 1] = [2, −1], linear1.bias [2] = [0.5, 1], linear2.weight [1, 2] = [3, −2], linear2.bias = [0.25]
    const theta = [2, -1, 0.5, 1, 3, -2, 0.25];
    const shape = mlpShape({ depth: 1, width: 2, activation: 0 });
    // x = 1:   z = [2.5, 0] → h = [2.5, 0] → 3·2.5 − 2·0 + 0.25 = 7.75
    // x = −1:  z = [−1.5, 2] → h = [0, 2] → 0 − 4 + 0.25 = −3.75
    // x = 0.5: z = [1.5, 0.5] → h = [1.5, 0.5] → 4.5 − 1 + 0.25 = 3.75
    expect(Array.from(mlpForward(theta, shape, [1, -1, 0.5]))).toEqual([7.75, -3.75, 3.75]);
  });

  it('matches a hand computation: two hidden layers of 4·sigmoid, read at an offset', () => {
    // sizes [1, 1, 1, 1]: w1, b1, w2, b2, w3, b3
    const theta = [99, 99, 1, 0, 0.5, -2, 2, 1];
    const shape = mlpShape({ depth: 2, width: 1, activation: 1 });
    const s4 = (z: number) => 4 / (1 + Math.exp(-z));
    for (const x of [-11, -1, 0, 0.3, 11]) {
      const expected = 2 * s4(0.5 * s4(1 * x + 0) - 2) + 1;
      expect(mlpForward(theta, shape, [x], undefined, 2)[0]).toBeCloseTo(expected, 14);
    }
  });

  it('uses the [out, in] row-major weight layout (width 2 → width 2)', () => {
    // sizes [1, 2, 2, 1], ReLU. W1 = [[1], [2]], b1 = [0, 0]; W2 = [[1, 0], [1, 1]] (row-major [out, in]), b2 = [0, −1];
    // W3 = [[1, 10]], b3 = [0].  x = 1: h1 = [1, 2]; h2 = [1, max(0, 3 − 1)] = [1, 2]; f = 1 + 20 = 21.
    const theta = [1, 2, 0, 0, 1, 0, 1, 1, 0, -1, 1, 10, 0];
    expect(mlpParamCount([1, 2, 2, 1])).toBe(theta.length);
    expect(mlpForward(theta, mlpShape({ depth: 2, width: 2 }), [1])[0]).toBe(21);
  });

  it('refuses a θ too short for the network', () => {
    expect(() => mlpForward([1, 2, 3], mlpShape({ depth: 1, width: 2 }), [0])).toThrow(/needs 7/);
  });
});

describe('mlpForward agrees with the worker’s TF.js model (cpu backend, float32)', () => {
  it('for ReLU and 4·sigmoid at several sizes, over [−11, 11]', async () => {
    const tf = await import('@tensorflow/tfjs');
    await tf.setBackend('cpu');
    const { makeMlp } = await import('../models/mlp');
    const { makeRng } = await import('../rng');
    const xs = Array.from({ length: 45 }, (_, i) => -11 + i * 0.5);
    for (const [depth, width, activation] of [[2, 10, 0], [1, 3, 1], [3, 5, 0], [2, 4, 1]]) {
      const model = makeMlp({ widths: Array.from({ length: depth }, () => width), activation: activation === 1 ? 'sigmoid4' : 'relu' });
      const theta = model.initParams(makeRng(`mlp-${depth}-${width}`));
      const expected = model.predict(theta, xs);
      const got = mlpForward(theta, mlpShape({ depth, width, activation }), xs);
      for (let i = 0; i < xs.length; i++) expect(Math.abs(got[i] - expected[i])).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(expected[i])));
      model.dispose();
    }
  });
});
