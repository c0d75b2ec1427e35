import { describe, it, expect } from 'vitest';
import { makeRng, type Rng } from '../rng';
import type { DataSpec } from '../experiment/types';
import type { Problem } from './problem';
import { PROBLEMS, PROBLEM_IDS, makeProblem } from './registry';
import { checkGradient } from './gradcheck';

/** Every problem id with its defaults, plus variants that exercise other code paths. */
const CASES: { name: string; id: string; params?: Record<string, number>; data?: DataSpec }[] = [
  ...PROBLEM_IDS.map((id) => ({ name: id, id })),
  { name: 'linear-regression, linear d = 5, σ = 0.5', id: 'linear-regression', data: { generator: 'linear', n: 60, d: 5, noise: 0.5 } },
  { name: 'linear-regression, 2-feature points', id: 'linear-regression', data: { points: [[[1, 2], 3.5], [[-0.5, 0.25], -1], [[2, -1], 0.75], [[0.3, 0.9], 2.2]] } },
  { name: 'quad-fit, ill-conditioned twin', id: 'quad-fit', params: { scale: 1e-6 } },
  { name: 'quad-fit, noisy', id: 'quad-fit', data: { generator: 'quadratic-seed002', n: 30, noise: 0.3 } },
  { name: 'quadratic-features, noisy', id: 'quadratic-features', data: { generator: 'quadratic', n: 40, noise: 0.5 } },
  { name: 'polynomial degree 3', id: 'polynomial', params: { degree: 3 } },
  { name: 'polynomial degree 5, noisy, n 12', id: 'polynomial', params: { degree: 5 }, data: { generator: 'sin-exp', n: 12, noise: 0.1 } },
  { name: 'polynomial, user points', id: 'polynomial', params: { degree: 2 }, data: { points: [[-1, 0.3], [0.1, 1.2], [0.7, -0.4], [1.3, 2]] } },
  { name: 'two-well, σ = 1', id: 'two-well', data: { generator: 'gaussian-cluster', n: 9, noise: 1 } },
  { name: 'penalty, a = −2, λ = 3', id: 'penalty', params: { a: -2, lambda: 3 } },
  { name: 'exp-reparam, a = 0.3', id: 'exp-reparam', params: { a: 0.3 } },
  { name: 'flat-sharp, n = 50', id: 'flat-sharp', data: { generator: 'phases', n: 50 } },
  { name: 'quadratic, h = (4, −1, 2)', id: 'quadratic', params: { h11: 4, h12: -1, h22: 2 } },
];

const build = (c: (typeof CASES)[number], seed = 7): Problem => makeProblem(c.id, c.params, c.data, makeRng(seed).fork('data'));

/** Asymmetric test points: in the view box for pure functions, around θ* (or the start) otherwise. */
function testPoints(p: Problem, rng: Rng, count = 4): Float64Array[] {
  const centre = p.optimum?.theta ?? p.defaultInit;
  const pts: Float64Array[] = [];
  while (pts.length < count) {
    const t = Float64Array.from(centre, (c) => c + (0.3 + rng.uniform()) * (rng.uniform() < 0.5 ? -1 : 1) * Math.max(1, Math.abs(c)) * 0.7);
    if (p.n === 1 && p.dim === 2) {
      const [x0, x1] = p.view.x, [y0, y1] = p.view.y!;
      t[0] = x0 + (x1 - x0) * (0.05 + 0.9 * rng.uniform());
      t[1] = y0 + (y1 - y0) * (0.05 + 0.9 * rng.uniform());
    }
    if (p.id === 'flat-sharp' && [50 / 11, 50 / 9].some((b) => Math.abs(t[0] - b) < 1e-3)) continue; // q′ jumps there
    pts.push(t);
  }
  return pts;
}

describe.each(CASES)('$name', (c) => {
  const p = build(c);
  const batch = Int32Array.from(p.n === 1 ? [0, 0] : [p.n - 1, 0, Math.min(2, p.n - 1), Math.min(2, p.n - 1)]);

  it('has a consistent shape', () => {
    expect(p.id).toBe(c.id);
    expect(p.paramNames).toHaveLength(p.dim);
    expect(p.defaultInit).toHaveLength(p.dim);
    expect(p.view.axes.every((a) => a >= 0 && a < p.dim)).toBe(true);
    expect(p.view.x[0]).toBeLessThan(p.view.x[1]);
    if (p.data) expect(p.data.x).toHaveLength(p.n);
    for (const l of p.landmarks ?? []) expect(l.theta).toHaveLength(p.dim);
  });

  it('gradient matches central differences (full batch and a batch with a repeated index)', () => {
    const rng = makeRng(`fd:${c.name}`);
    for (const t of testPoints(p, rng)) {
      expect(checkGradient(p, t, null).worst).toBeLessThanOrEqual(1);
      expect(checkGradient(p, t, batch).worst).toBeLessThanOrEqual(1);
    }
  });

  it('a batch loss is the mean of its per-sample losses, repeats counted', () => {
    const t = testPoints(p, makeRng(`batch:${c.name}`), 1)[0];
    const g = new Float64Array(p.dim), gi = new Float64Array(p.dim), gSum = new Float64Array(p.dim);
    let sum = 0;
    for (const i of batch) {
      sum += p.loss(t, Int32Array.of(i), gi);
      gi.forEach((v, k) => (gSum[k] += v / batch.length));
    }
    const v = p.loss(t, batch, g);
    expect(v).toBeCloseTo(sum / batch.length, 10);
    g.forEach((gk, k) => expect(Math.abs(gk - gSum[k])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(gk))));
    if (p.n > 1) {
      const all = Int32Array.from({ length: p.n }, (_, i) => i);
      expect(p.loss(t, all)).toBeCloseTo(p.loss(t, null), 10);
    }
  });

  it('the optimum has gradient ≈ 0 and its stated value', () => {
    if (!p.optimum) return;
    const g = new Float64Array(p.dim);
    const v = p.loss(p.optimum.theta, null, g);
    expect(Math.abs(v - p.optimum.value)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(v)));
    const scale = Math.max(1, ...Array.from(p.optimum.theta, Math.abs));
    for (const gk of g) expect(Math.abs(gk)).toBeLessThan(1e-9 * scale);
    for (const t of testPoints(p, makeRng(`opt:${c.name}`))) {
      if (c.id === 'flat-sharp' || c.id === 'six-hump-camel' || c.id === 'two-well') continue; // non-convex: only local comparisons
      expect(p.loss(t, null)).toBeGreaterThanOrEqual(p.optimum.value - 1e-12);
    }
  });

  it('data is deterministic for a fixed seed and differs across seeds', () => {
    if (!p.data || (c.data && 'points' in c.data)) return;
    expect(build(c, 7).data).toEqual(p.data);
    const random = !(PROBLEMS[c.id].defaultData?.generator === 'sin-exp' && !(c.data && 'noise' in c.data));
    if (random) expect(build(c, 8).data).not.toEqual(p.data);
    else expect(build(c, 8).data).toEqual(p.data); // sin-exp without noise is deterministic
  });
});

describe('registry validation', () => {
  const rng = makeRng(0);
  it('names the bad field', () => {
    expect(() => makeProblem('nope', {}, undefined, rng)).toThrow(/unknown problem "nope"/);
    expect(() => makeProblem('polynomial', { degree: 31 }, undefined, rng)).toThrow(/problemParams.degree: must be in \[0, 30\]/);
    expect(() => makeProblem('polynomial', { degree: 2.5 }, undefined, rng)).toThrow(/problemParams.degree: must be an integer/);
    expect(() => makeProblem('polynomial', { order: 2 }, undefined, rng)).toThrow(/problemParams.order: unknown parameter/);
    expect(() => makeProblem('polynomial', {}, { points: [[[1, 2, 3], 1]] }, rng)).toThrow('data.points: polynomial needs 1-D x, got rows of 3 features');
    expect(() => makeProblem('quad-fit', {}, { points: [[[1, 2], 1]] }, rng)).toThrow(/data.points: quad-fit needs 1-D x/);
    expect(() => makeProblem('two-well', {}, { points: [[1, 1]] }, rng)).toThrow(/data.points: problem two-well does not take user data/);
    expect(() => makeProblem('two-well', {}, { generator: 'linear' }, rng)).toThrow(/data.generator: "linear" does not apply to two-well/);
    expect(() => makeProblem('rosenbrock', {}, { generator: 'linear' }, rng)).toThrow(/it takes no data/);
    expect(() => makeProblem('linear-regression', {}, { generator: 'linear', n: 0 }, rng)).toThrow(/data.n: must be an integer ≥ 1/);
    expect(() => makeProblem('linear-regression', {}, { generator: 'linear-1d', noise: -1 }, rng)).toThrow(/data.noise/);
    expect(() => makeProblem('linear-regression', {}, { generator: 'linear-1d', d: 3 }, rng)).toThrow(/data.d: generator linear-1d has input dimension 1/);
    expect(() => makeProblem('linear-regression', {}, { points: [[1, 2], [[1, 2], 3]] }, rng)).toThrow(/data.points\[1\]: every row needs the same number of features/);
    expect(() => makeProblem('flat-sharp', {}, { generator: 'phases', noise: 1 }, rng)).toThrow(/data.noise: generator phases has no noise/);
    expect(() => makeProblem('quadratic', { h12: 20 }, undefined, rng)).toThrow(/must be positive definite/);
    expect(() => makeProblem('penalty', {}, { generator: 'quadratic' }, rng)).toThrow(/data.generator/);
  });

  it('every spec lists a default generator with its defaults when it takes data', () => {
    for (const spec of Object.values(PROBLEMS)) {
      if (spec.generators.length) expect(spec.defaultData?.generator).toBe(spec.generators[0]);
      else expect(spec.defaultData).toBeUndefined();
      for (const [k, ps] of Object.entries(spec.params)) {
        expect(ps.min, k).toBeLessThanOrEqual(ps.default);
        expect(ps.default, k).toBeLessThanOrEqual(ps.max);
      }
    }
  });
});

describe('checkGradient', () => {
  it('flags a gradient that is off by 0.1%', () => {
    const p = makeProblem('beale', {}, undefined, makeRng(0));
    const wrong: Problem = { ...p, loss: (t, b, g) => { const v = p.loss(t, b, g); if (g) g[1] *= 1.001; return v; } };
    expect(checkGradient(p, [1.2, -0.7], null).worst).toBeLessThanOrEqual(1);
    expect(checkGradient(wrong, [1.2, -0.7], null).worst).toBeGreaterThan(10);
  });
});
