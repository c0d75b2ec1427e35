import { describe, it, expect } from 'vitest';
import { makeRng } from '../rng';
import { gram, matVec, matrix, transpose, luSolve, symmetricEigenvalues } from '../linalg';
import { makeProblem } from './registry';
import { euclideanProjection, polynomialFeatures, scaledProjection, scaledSmoothness } from './polynomial';

const N = 7;
const xs = Array.from({ length: N }, (_, i) => -1 + (2 * i) / (N - 1));
const ys = xs.map((x) => (Math.sin(5 * x) * Math.exp(Math.abs(2 * x))) / 10);
const norm = (v: ArrayLike<number>) => Math.hypot(...Array.from(v));
const logspace = (a: number, b: number, n: number) => Float64Array.from({ length: n }, (_, k) => 10 ** (a + ((b - a) * k) / (n - 1)));
const make = (degree: number) => makeProblem('polynomial', { degree }, undefined, makeRng(0));

describe('S9: the 7 points of seed 003', () => {
  it('generates xᵢ = linspace(−1, 1, 7), yᵢ = sin(5xᵢ)·exp(|2xᵢ|)/10', () => {
    const p = make(9);
    expect(p.data!.x.map((r) => r[0])).toEqual(xs.map((x, i) => (i === N - 1 ? 1 : x)));
    p.data!.y.forEach((y, i) => expect(y).toBeCloseTo(ys[i], 15));
    expect(p.predict!(p.optimum!.theta, [xs[2]])).toBeCloseTo(ys[2], 12);
  });

  it('β with the spectral norm differs from the Frobenius value (the known mistake)', () => {
    for (const degree of [3, 9]) {
      const p = make(degree);
      const X = polynomialFeatures(xs, degree);
      const G = gram(X);
      // power iteration on XᵀX as an independent check of ‖XᵀX‖₂
      let v = new Float64Array(degree + 1).fill(1), lambda = 0;
      for (let k = 0; k < 2000; k++) {
        const w = matVec(G, v);
        lambda = norm(w) / norm(v);
        v = w.map((x) => x / norm(w));
      }
      expect(p.smoothness).toBeCloseTo((2 / N) * lambda, 10);
      const frob = (2 / N) * Math.hypot(...Array.from(G.data));
      expect(p.facts!.betaFrobenius).toBeCloseTo(frob, 10);
      expect(p.facts!.betaFrobenius).toBeGreaterThan(p.smoothness! * 1.05);
    }
  });

  it('degree 9, N = 7: θ* = Xᵀ(XXᵀ)⁻¹Y interpolates and has the smallest norm', () => {
    const p = make(9);
    const th = p.optimum!.theta;
    expect(p.optimum!.note).toMatch(/minimum-norm/);
    expect(p.optimum!.value).toBeLessThanOrEqual(1e-25);
    const X = polynomialFeatures(xs, 9);
    matVec(X, th).forEach((v, i) => expect(Math.abs(v - ys[i])).toBeLessThan(1e-13));
    // the formula itself, via an LU solve of XXᵀ (less accurate, hence 1e-9)
    const lam = luSolve(gram(transpose(X)), ys);
    matVec(transpose(X), lam).forEach((v, k) => expect(Math.abs(v - th[k])).toBeLessThan(1e-9));
    // another interpolant: θ* plus the coefficients of Πᵢ(x − xᵢ), which vanishes on the data
    const nullVec = new Float64Array(10);
    nullVec[0] = 1;
    for (const xi of xs) for (let k = 9; k >= 0; k--) nullVec[k] = (k ? nullVec[k - 1] : 0) - xi * nullVec[k];
    const other = th.map((v, k) => v + nullVec[k]);
    expect(p.loss(other, null)).toBeLessThan(1e-25);
    expect(norm(other)).toBeGreaterThan(norm(th));
    // ... and every interpolant is θ* plus a null-space part orthogonal to it: ‖θ‖² = ‖θ*‖² + ‖θ − θ*‖²
    const third = euclideanProjection(X, ys, Float64Array.from({ length: 10 }, (_, k) => 10 * Math.cos(3 * k + 1)));
    expect(p.loss(third, null)).toBeLessThan(1e-25);
    const d = norm(third.map((v, k) => v - th[k]));
    expect(norm(third) ** 2).toBeCloseTo(norm(th) ** 2 + d * d, 10);
    expect(d).toBeGreaterThan(0.1);
  });

  it('degree 3: the unique least-squares solution (normal equations to 1e-12)', () => {
    const p = make(3);
    expect(p.optimum!.note).toMatch(/unique/);
    const X = polynomialFeatures(xs, 3);
    const lhs = matVec(gram(X), p.optimum!.theta), rhs = matVec(transpose(X), ys);
    lhs.forEach((v, k) => expect(Math.abs(v - rhs[k])).toBeLessThan(1e-12));
    expect(p.optimum!.value).toBeGreaterThan(1e-3); // under-parameterised: no interpolation
  });

  it('GD from 0 with γ = 1/β converges towards the minimum-norm θ* (degree 9)', () => {
    const p = make(9);
    const t = new Float64Array(10), g = new Float64Array(10);
    const gap = () => norm(t.map((v, k) => v - p.optimum!.theta[k]));
    const start = gap();
    for (let k = 0; k < 30000; k++) {
      p.loss(t, null, g);
      for (let j = 0; j < 10; j++) t[j] -= g[j] / p.smoothness!;
    }
    expect(gap()).toBeLessThan(start * 1e-3);
    expect(p.loss(t, null)).toBeLessThan(1e-8);
  });

  it('degree + 1 > N with repeated x is rank-deficient: the pseudo-inverse solution', () => {
    const p = makeProblem('polynomial', { degree: 4 }, { points: [[0, 1], [0, 2], [1, 0], [1, 1]] }, makeRng(0));
    expect(p.optimum!.note).toMatch(/rank 2/);
    expect(p.optimum!.value).toBeCloseTo(0.25, 12); // the means 1.5 and 0.5 are fitted
  });

  it('rejects x whose powers overflow', () => {
    expect(() => makeProblem('polynomial', { degree: 30 }, { points: [[1e20, 1]] }, makeRng(0))).toThrow(/data: features of sample 0/);
  });
});

describe('S11: projections and scaled smoothness', () => {
  const X = polynomialFeatures(xs, 9);
  it('euclideanProjection(a = 0) equals the minimum-norm θ*', () => {
    const th = make(9).optimum!.theta;
    euclideanProjection(X, ys, new Float64Array(10)).forEach((v, k) => expect(v).toBeCloseTo(th[k], 14));
  });

  it('euclideanProjection(a) is the closest interpolant to a: θ* − a ⟂ null(X)', () => {
    const a = Float64Array.from({ length: 10 }, (_, k) => 100 * Math.sin(k + 0.5));
    const th = euclideanProjection(X, ys, a);
    matVec(X, th).forEach((v, i) => expect(Math.abs(v - ys[i])).toBeLessThan(1e-10));
    // θ* − a = Xᵀλ: solve XXᵀλ = X(θ* − a) and compare
    const d = th.map((v, k) => v - a[k]);
    const lam = luSolve(gram(transpose(X)), matVec(X, d));
    matVec(transpose(X), lam).forEach((v, k) => expect(Math.abs(v - d[k])).toBeLessThan(1e-8 * (1 + norm(d))));
    expect(norm(th)).toBeGreaterThan(norm(make(9).optimum!.theta));
  });

  it('scaledProjection matches the formula a − H⁻¹Xᵀ(XH⁻¹Xᵀ)⁻¹(Xa − Y)', () => {
    const hinv = logspace(-3, 0, 10);
    const a = Float64Array.from({ length: 10 }, (_, k) => 0.5 - 0.1 * k);
    const th = scaledProjection(X, ys, a, hinv);
    const r = matVec(X, a).map((v, i) => v - ys[i]);
    const M = matrix(N, N);
    for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) for (let k = 0; k < 10; k++) M.data[i * N + j] += X.data[i * 10 + k] * hinv[k] * X.data[j * 10 + k];
    const mu = luSolve(M, r);
    const direct = a.map((v, k) => v - hinv[k] * matVec(transpose(X), mu)[k]);
    th.forEach((v, k) => expect(Math.abs(v - direct[k])).toBeLessThan(1e-8 * Math.max(1, Math.abs(direct[k]))));
    matVec(X, th).forEach((v, i) => expect(Math.abs(v - ys[i])).toBeLessThan(1e-11));
  });

  it('scaledProjection with seed 003\'s H⁻¹ = diag(logspace(−10, 10, 10)) still interpolates', () => {
    const th = scaledProjection(X, ys, new Float64Array(10), logspace(-10, 10, 10));
    matVec(X, th).forEach((v, i) => expect(Math.abs(v - ys[i])).toBeLessThan(1e-9));
    expect(Math.abs(th[0])).toBeLessThan(1e-6); // H⁻¹₀₀ = 1e-10: the constant term barely moves
  });

  it('scaled GD θ ← θ − γH⁻¹∇f with γ = 1/β_H converges to the scaled projection of 0', () => {
    const hinv = logspace(-3, 0, 10);
    const betaH = scaledSmoothness(X, hinv);
    const M = matrix(10, 10);
    for (let i = 0; i < 10; i++) for (let j = 0; j < 10; j++) M.data[i * 10 + j] = Math.sqrt(hinv[i] * hinv[j]) * gram(X).data[i * 10 + j];
    const eig = symmetricEigenvalues(M);
    expect(betaH).toBeCloseTo((2 / N) * eig[eig.length - 1], 12);
    const target = scaledProjection(X, ys, new Float64Array(10), hinv);
    const p = make(9);
    const t = new Float64Array(10), g = new Float64Array(10);
    for (let k = 0; k < 200000; k++) {
      p.loss(t, null, g);
      for (let j = 0; j < 10; j++) t[j] -= (hinv[j] * g[j]) / betaH;
    }
    expect(norm(t.map((v, k) => v - target[k])) ** 2).toBeLessThan(1e-10);
    expect(betaH).toBeLessThan(make(9).smoothness!);
  });

  it('validates hinv', () => {
    expect(() => scaledSmoothness(X, [1, 2])).toThrow(/hinv: needs 10 diagonal entries/);
    expect(() => scaledProjection(X, ys, new Float64Array(10), new Float64Array(10).fill(-1))).toThrow(/hinv\[0\]/);
  });
});
