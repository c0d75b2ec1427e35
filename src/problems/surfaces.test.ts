import { describe, it, expect } from 'vitest';
import { makeRng } from '../rng';
import { makeProblem } from './registry';
import type { Problem } from './problem';

const make = (id: string, params?: Record<string, number>): Problem => makeProblem(id, params, undefined, makeRng(0));
const f = (p: Problem, x: number, y: number, g?: Float64Array) => p.loss(Float64Array.of(x, y), null, g);

describe('REFERENCE §3 values', () => {
  it.each([
    ['rosenbrock', 1, 1, 0],
    ['beale', 3, 0.5, 0],
    ['himmelblau', 3, 2, 0],
    ['rastrigin', 0, 0, 0],
    ['goldstein-price', 0, -1, 3],
    ['booth', 1, 3, 0],
    ['six-hump-camel', 0.0898420131003181, -0.71265640302074, -1.0316285],
    ['quadratic', 0, 0, 0],
  ])('%s: global minimum at (%d, %d) with f = %d', (id, x, y, fmin) => {
    const p = make(id);
    expect(Array.from(p.optimum!.theta)).toEqual([x, y]);
    expect(f(p, x, y)).toBeCloseTo(fmin, 7);
    expect(p.optimum!.value).toBeCloseTo(fmin, 7);
  });

  it.each([
    ['rosenbrock', -2, 2, 409],
    ['rosenbrock', -1.5, 2, 12.5],
    ['beale', 3, 4, 39062.953125],
    ['beale', 1, 1.5, 41.25],
    ['rastrigin', -2, 3.5, 36.25],
    ['himmelblau', -0.270844590667348, -0.923038556479981, 181.617],
    ['goldstein-price', -0.6, -0.4, 30],
    ['goldstein-price', 1.8, 0.2, 84],
    ['goldstein-price', 1.2, 0.8, 840],
    ['six-hump-camel', 1.70360671496998, -0.796083568672625, -0.2155],
    ['six-hump-camel', 1.6071047529202, 0.568651454884131, 2.1043],
  ])('%s(%d, %d) = %d', (id, x, y, v) => {
    expect(f(make(id), x, y)).toBeCloseTo(v, 3);
  });

  it('listed start points are the defaults', () => {
    expect(Array.from(make('rastrigin').defaultInit)).toEqual([-2, 3.5]);
    expect(Array.from(make('rosenbrock').defaultInit)).toEqual([-1.5, 2]);
    expect(Array.from(make('saddle').defaultInit)).toEqual([1, 1e-3]);
  });

  it("every landmark is a stationary point; Himmelblau's other minima have f = 0", () => {
    for (const id of ['himmelblau', 'goldstein-price', 'six-hump-camel', 'saddle']) {
      const p = make(id);
      for (const l of p.landmarks ?? []) {
        const g = new Float64Array(2);
        const v = f(p, l.theta[0], l.theta[1], g);
        expect(Math.hypot(g[0], g[1]), `${id} ${l.label}`).toBeLessThan(1e-8 * Math.max(1, Math.abs(v)) + 1e-9);
      }
    }
    expect(make('himmelblau').landmarks!.filter((l) => l.label.includes('minimum')).map((l) => f(make('himmelblau'), l.theta[0], l.theta[1]))).toEqual([
      expect.closeTo(0, 20), expect.closeTo(0, 20), expect.closeTo(0, 20),
    ]);
  });
});

describe('saddle', () => {
  it('GD with η = 0.1 from (1, 1e-3): x_k = 0.8^k, y_k = 1.2^k·1e-3 (REFERENCE §3)', () => {
    const p = make('saddle');
    const t = Float64Array.from(p.defaultInit), g = new Float64Array(2);
    for (let k = 0; k < 50; k++) {
      p.loss(t, null, g);
      t[0] -= 0.1 * g[0];
      t[1] -= 0.1 * g[1];
    }
    expect(t[0]).toBeCloseTo(1.43e-5, 7);
    expect(t[1]).toBeCloseTo(9.10, 2);
    expect(p.optimum).toBeUndefined();
  });
});

describe('quadratic ½θᵀHθ', () => {
  it('reports REFERENCE T9 conditioning for H = [[100, 9], [9, 1]]', () => {
    const p = make('quadratic');
    expect(p.facts!.conditionNumber).toBeCloseTo(534.89, 2);
    expect(p.smoothness).toBeCloseTo(p.facts!.lambdaMax, 12);
    expect(f(p, 1, 1)).toBeCloseTo(0.5 * (100 + 18 + 1), 12);
  });
  it('throws a clear Error unless H is positive definite', () => {
    expect(() => make('quadratic', { h11: 1, h12: 2, h22: 1 })).toThrow(/problemParams: H = \[\[1, 2\], \[2, 1\]\] must be positive definite/);
    expect(() => make('quadratic', { h11: -1, h12: 0, h22: -1 })).toThrow(/positive definite/);
  });
  it('Booth has κ = 9 and L = 18', () => {
    const p = make('booth');
    const g = new Float64Array(2);
    f(p, 1 + 1e-3, 3, g); // Hessian [[10, 8], [8, 10]] times (1e-3, 0)
    expect(g[0]).toBeCloseTo(10e-3, 12);
    expect(g[1]).toBeCloseTo(8e-3, 12);
    expect(p.smoothness).toBe(18);
  });
});
