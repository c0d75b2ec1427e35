import { describe, it, expect } from 'vitest';
import { makeRng } from '../rng';
import { makeProblem } from './registry';
import { generateLinear } from './data';

const rng = () => makeRng(5).fork('data');

describe('S1: quadratic-features', () => {
  it('noise-free data y = 2x² + 1 is fitted exactly by w = (0, 2), b = 1', () => {
    const p = makeProblem('quadratic-features', {}, undefined, rng());
    expect(p.n).toBe(200);
    expect(p.paramNames).toEqual(['w1', 'w2', 'b']);
    expect(p.data!.x.every(([x]) => x >= -1 && x < 1)).toBe(true);
    [0, 2, 1].forEach((v, k) => expect(p.optimum!.theta[k]).toBeCloseTo(v, 12));
    expect(p.optimum!.value).toBeLessThan(1e-28);
    expect(p.predict!(p.optimum!.theta, [0.5])).toBeCloseTo(1.5, 12);
  });
});

describe('S2/S3: linear-regression', () => {
  it('linear-1d: y = 3x + 1 + σε; the optimum is near (3, 1) and its value near σ²', () => {
    const p = makeProblem('linear-regression', {}, { generator: 'linear-1d', noise: 1 }, rng());
    expect(p.n).toBe(500);
    expect(p.paramNames).toEqual(['w', 'b']);
    expect(Math.abs(p.optimum!.theta[0] - 3)).toBeLessThan(0.2);
    expect(Math.abs(p.optimum!.theta[1] - 1)).toBeLessThan(0.2);
    expect(p.optimum!.value).toBeGreaterThan(0.8);
    expect(p.optimum!.value).toBeLessThan(1.2);
  });

  it('the same data stream gives the same x at every σ (noise is a separate stream)', () => {
    const a = makeProblem('linear-regression', {}, { generator: 'linear-1d', noise: 0 }, rng());
    const b = makeProblem('linear-regression', {}, { generator: 'linear-1d', noise: 5 }, rng());
    expect(b.data!.x).toEqual(a.data!.x);
    expect(b.data!.y).not.toEqual(a.data!.y);
  });

  it('linear, d = 20, N = 1000: noise-free data recovers the true w and b; the residual is orthogonal to X', () => {
    const p = makeProblem('linear-regression', {}, { generator: 'linear', noise: 0 }, rng());
    expect(p.dim).toBe(21);
    expect(p.n).toBe(1000);
    expect(p.paramNames[0]).toBe('w1');
    expect(p.paramNames[20]).toBe('b');
    const truth = generateLinear(rng(), 1000, 20, 0);
    truth.w.forEach((w, j) => expect(p.optimum!.theta[j]).toBeCloseTo(w, 12));
    expect(p.optimum!.theta[20]).toBeCloseTo(truth.b, 12);
    expect(p.facts!.trueBias).toBe(truth.b);
  });

  it('β = (2/N)‖ΦᵀΦ‖₂ bounds the curvature: ‖∇f(a) − ∇f(b)‖ ≤ β‖a − b‖', () => {
    const p = makeProblem('linear-regression', {}, { generator: 'linear', n: 50, d: 4, noise: 1 }, rng());
    const r = makeRng(1);
    const ga = new Float64Array(5), gb = new Float64Array(5);
    let worst = 0;
    for (let t = 0; t < 50; t++) {
      const a = Float64Array.from({ length: 5 }, () => r.normal()), b = Float64Array.from({ length: 5 }, () => r.normal());
      p.loss(a, null, ga);
      p.loss(b, null, gb);
      const ratio = Math.hypot(...ga.map((v, k) => v - gb[k])) / Math.hypot(...a.map((v, k) => v - b[k]));
      worst = Math.max(worst, ratio);
    }
    expect(worst).toBeLessThanOrEqual(p.smoothness! * (1 + 1e-12));
    expect(worst).toBeGreaterThan(0.5 * p.smoothness!);
  });

  it('accepts user points with x a number or an array', () => {
    const p = makeProblem('linear-regression', {}, { points: [[0, 1], [1, 3], [2, 5.5]] }, rng());
    expect(p.paramNames).toEqual(['w', 'b']);
    expect(p.optimum!.theta[0]).toBeCloseTo(2.25, 12);
    expect(p.optimum!.theta[1]).toBeCloseTo(11 / 12, 12);
    const q = makeProblem('linear-regression', {}, { points: [[[0, 1], 1]] }, rng());
    expect(q.optimum!.note).toMatch(/minimum-norm/);
  });
});

describe('S8: quad-fit and its ill-conditioned twin', () => {
  it('fits α = 3, β = 4, γ = 8 on seed 002-style data', () => {
    const p = makeProblem('quad-fit', {}, undefined, rng());
    expect(p.n).toBe(50);
    expect(p.paramNames).toEqual(['alpha', 'beta', 'gamma']);
    [3, 4, 8].forEach((v, k) => expect(p.optimum!.theta[k]).toBeCloseTo(v, 12));
  });

  it('scale 1e-6 gives γ* = 8e6 on the same data, and a huge condition number', () => {
    const a = makeProblem('quad-fit', {}, undefined, rng());
    const p = makeProblem('quad-fit', { scale: 1e-6 }, undefined, rng());
    expect(p.data).toEqual(a.data);
    expect(p.optimum!.theta[2] / 8e6).toBeCloseTo(1, 10);
    expect(p.optimum!.theta[0]).toBeCloseTo(3, 8);
    expect(p.facts!.conditionNumber).toBeGreaterThan(1e5 * a.facts!.conditionNumber);
  });

  it('rejects a non-positive scale', () => {
    expect(() => makeProblem('quad-fit', { scale: 0 }, undefined, rng())).toThrow(/problemParams.scale/);
  });
});

describe('the mini-batch loss and gradient (the step loop’s call)', () => {
  // The reference: one sample at a time, each residual and each gradient entry summed in sample order,
  // as the loop two samples at a time must keep (bit for bit, not to a tolerance).
  function reference(phi: Float64Array, y: Float64Array, p: number, theta: Float64Array, batch: Int32Array) {
    const grad = new Float64Array(p);
    let sum = 0;
    for (const i of batch) {
      let r = -y[i];
      for (let k = 0; k < p; k++) r += phi[i * p + k] * theta[k];
      sum += r * r;
      for (let k = 0; k < p; k++) grad[k] += 2 * r * phi[i * p + k];
    }
    if (batch.length > 1) for (let k = 0; k < p; k++) grad[k] /= batch.length;
    return { loss: batch.length ? sum / batch.length : 0, grad };
  }

  it('equals the one-sample-at-a-time sums bit for bit, at every batch size 0 … 9, with repeated samples', () => {
    const problem = makeProblem('linear-regression', undefined, { generator: 'linear', n: 50, d: 6, noise: 1, seed: 3 }, makeRng(3).fork('data'));
    const { phi, y } = problem.design as { phi: Float64Array; y: Float64Array };
    const rng = makeRng(11);
    for (let b = 0; b <= 9; b++) {
      for (let rep = 0; rep < 20; rep++) {
        const batch = Int32Array.from({ length: b }, () => rng.int(problem.n));
        const theta = Float64Array.from({ length: problem.dim }, () => rng.normal());
        const grad = new Float64Array(problem.dim).fill(NaN);
        const loss = problem.loss(theta, batch, grad);
        const want = reference(phi, y, problem.dim, theta, batch);
        expect(loss).toBe(want.loss);
        expect(Array.from(grad)).toEqual(Array.from(want.grad));
      }
    }
  });
});
