import { describe, it, expect } from 'vitest';
import { makeRng } from '../rng';
import { makeProblem } from './registry';
import type { Problem } from './problem';

const make = (id: string, params?: Record<string, number>): Problem => makeProblem(id, params, undefined, makeRng(0));
const f = (p: Problem, x: number) => p.loss(Float64Array.of(x), null);

/** Minimiser on a fine grid, to check the closed forms independently. */
function gridArgmin(p: Problem, lo: number, hi: number): number {
  let best = lo;
  for (let x = lo; x <= hi; x += 1e-4) if (f(p, x) < f(p, best)) best = x;
  return best;
}

describe('S7: penalty (x − a)² + λ·max(0, −x)²', () => {
  it.each([
    [2, 10, 2, 0],
    [-2, 10, -2 / 11, (10 * 4) / 11],
    [-1, 0, -1, 0],
    [-3, 100, -3 / 101, (100 * 9) / 101],
  ])('a = %d, λ = %d: x* = %d, f* = %d', (a, lambda, xs, fs) => {
    const p = make('penalty', { a, lambda });
    expect(p.optimum!.theta[0]).toBeCloseTo(xs, 14);
    expect(p.optimum!.value).toBeCloseTo(fs, 12);
    expect(gridArgmin(p, -5, 5)).toBeCloseTo(xs, 3);
    expect(p.smoothness).toBe(2 * (1 + lambda));
    expect(p.view.axes).toEqual([0]);
    expect(p.view.y).toBeUndefined();
  });
  it('the penalty only acts for x < 0', () => {
    const p = make('penalty', { a: 2, lambda: 10 });
    expect(f(p, 1)).toBe(1);
    expect(f(p, -1)).toBe(9 + 10);
  });
});

describe('S7: penalty-equality (θ − a)² + μ(θ − 5)²', () => {
  it('θ* = (a + 5μ)/(1 + μ) → 5 as μ grows', () => {
    for (const mu of [0, 1, 10, 1000]) {
      const p = make('penalty-equality', { a: 2, mu });
      expect(p.optimum!.theta[0]).toBeCloseTo((2 + 5 * mu) / (1 + mu), 13);
      expect(gridArgmin(p, -1, 6)).toBeCloseTo(p.optimum!.theta[0], 3);
    }
    expect(make('penalty-equality', { mu: 1e6 }).optimum!.theta[0]).toBeCloseTo(5, 5);
  });
});

describe('S7: exp-reparam (e^z − a)²', () => {
  it('z* = ln a', () => {
    const p = make('exp-reparam', { a: 2 });
    expect(p.optimum!.theta[0]).toBe(Math.log(2));
    expect(p.optimum!.value).toBe(0);
    expect(p.paramNames).toEqual(['z']);
  });
  it('a ≤ 0 has no minimiser: f decreases towards a² as z → −∞', () => {
    const p = make('exp-reparam', { a: -1 });
    expect(p.optimum).toBeUndefined();
    expect(f(p, -5)).toBeLessThan(f(p, 0));
    expect(f(p, -40)).toBeCloseTo(1, 12);
  });
});

it('constraint toys take no data', () => {
  const p = makeProblem('penalty', {}, undefined, makeRng(0));
  expect(p.data).toBeUndefined();
  expect(() => makeProblem('penalty', {}, { points: [[1, 2]] }, makeRng(0))).toThrow(/does not take user data/);
});
