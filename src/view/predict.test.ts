import { describe, expect, it } from 'vitest';
import { makeRng } from '../rng';
import { makeProblem } from '../problems/registry';
import type { DataSpec } from '../experiment/types';
import { linspace, meanSquaredResidual, modelPredictor, predictGrid } from './predict';

const cases: { id: string; params?: Record<string, number>; data?: DataSpec }[] = [
  { id: 'polynomial', params: { degree: 3 } },
  { id: 'polynomial', params: { degree: 9 } },
  { id: 'polynomial', params: { degree: 5 }, data: { generator: 'sin-exp', n: 40, noise: 0.3 } },
  { id: 'quadratic-features' },
  { id: 'quadratic-features', data: { generator: 'quadratic', n: 50, noise: 0.5 } },
  { id: 'quad-fit' },
  { id: 'quad-fit', params: { scale: 1e-6, gamma_true: 8e6 / 1e6 } },
  { id: 'linear-regression' },
  { id: 'linear-regression', data: { points: [[0, 1], [1, 3], [2, 4.5], [-1, -2]] } },
];

describe('modelPredictor: the MSE of its predictions is the problem loss', () => {
  for (const c of cases) {
    it(`${c.id} ${JSON.stringify(c.params ?? {})} ${JSON.stringify(c.data ?? 'default data')}`, () => {
      const p = makeProblem(c.id, c.params, c.data, makeRng(7).fork('data'));
      const predict = modelPredictor(c.id, c.params, p.dim);
      expect(predict).not.toBeNull();
      const rng = makeRng(`theta-${c.id}`);
      const points = [p.defaultInit, ...(p.optimum ? [p.optimum.theta] : []), ...Array.from({ length: 5 }, () => Float64Array.from({ length: p.dim }, () => 3 * rng.normal()))];
      for (const theta of points) {
        const f = p.loss(Float64Array.from(theta), null);
        const mse = meanSquaredResidual(predict!, theta, p.data!);
        expect(Math.abs(mse - f)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(f)));
        // and the problem's own predict, where it has one, agrees pointwise
        if (p.predict) for (const x of [-1.3, 0, 0.4]) expect(predict!(theta, x)).toBeCloseTo(p.predict(Float64Array.from(theta), [x]), 9);
      }
    });
  }

  it('the ill-conditioned twin scales γ by problemParams.scale', () => {
    const predict = modelPredictor('quad-fit', { scale: 1e-6 }, 3)!;
    expect(predict([3, 4, 8e6], 2)).toBeCloseTo(3 + 8 + 32, 9);
    expect(modelPredictor('quad-fit', undefined, 3)!([3, 4, 8], 2)).toBe(3 + 8 + 32);
  });

  it('has no 1-D model for other problems or d > 1 regression', () => {
    expect(modelPredictor('linear-regression', undefined, 21)).toBeNull();
    expect(modelPredictor('rosenbrock', undefined, 2)).toBeNull();
    expect(modelPredictor('two-well', undefined, 2)).toBeNull();
    expect(modelPredictor('no-such-problem', undefined, 2)).toBeNull();
  });
});

describe('predictGrid / linspace', () => {
  it('evaluates Σθ_k x^k over a grid', () => {
    const xs = linspace(-1.1, 1.1, 5);
    expect(xs[0]).toBe(-1.1);
    expect(xs[4]).toBe(1.1);
    expect(xs[2]).toBeCloseTo(0, 15);
    const ys = predictGrid(modelPredictor('polynomial', undefined, 3)!, [1, 2, 3], xs);
    xs.forEach((x, i) => expect(ys[i]).toBeCloseTo(1 + 2 * x + 3 * x * x, 14));
    expect(Array.from(linspace(2, 5, 1))).toEqual([2]);
  });
});
