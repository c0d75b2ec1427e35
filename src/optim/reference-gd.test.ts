/**
 * REFERENCE §2 known results for gradient methods on explicit functions: T1 (GD at 1/L), T2 (heavy
 * ball and Nesterov at their optimal parameters), T3 (implicit bias), T9 (scaled GD).
 */
import { describe, it, expect } from 'vitest';
import { makeOptimizer, withDefaults } from './aliases';
import type { Hyper } from './transform';
import { leastSquares, norm, quadratic, runOptimizer, type Objective } from './testing';

const opt = (id: string, given: Hyper = {}) => makeOptimizer(id, withDefaults(id, given));
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('T1: GD with step 1/L on a quadratic', () => {
  it('(a) H = diag(1, 10), η = 0.1: x_k = (0.9ᵏ, 0), f_k = ½·0.81ᵏ, x₅ = (0.59049, 0)', () => {
    const run = runOptimizer(quadratic([[1, 0], [0, 10]]), opt('sgd', { lr: 0.1 }), [1, 1], 10);
    for (let k = 1; k <= 10; k++) {
      expect(Math.abs(run.params[k][0] - 0.9 ** k)).toBeLessThan(1e-12);
      expect(run.params[k][1]).toBe(0); // the stiff coordinate dies in one step
      expect(Math.abs(run.losses[k - 1] - 0.5 * 0.81 ** (k - 1) - (k === 1 ? 5 : 0))).toBeLessThan(1e-12);
    }
    expect(Math.abs(run.params[5][0] - 0.59049)).toBeLessThan(1e-12);
  });

  it('(b) H = diag(1, 100), η = 0.01: ‖x₁₀₀‖ = 0.99¹⁰⁰ = 0.366032', () => {
    const run = runOptimizer(quadratic([[1, 0], [0, 100]]), opt('sgd', { lr: 0.01 }), [1, 1], 100);
    expect(rel(norm(run.params[100]), 0.366032)).toBeLessThan(1e-6);
  });

  it('(c) optimal constant step 2/(L + μ) = 2/101: ‖x₁₀₀‖ = √2·(99/101)¹⁰⁰ = 0.191380', () => {
    const run = runOptimizer(quadratic([[1, 0], [0, 100]]), opt('sgd', { lr: 2 / 101 }), [1, 1], 100);
    expect(rel(norm(run.params[100]), 0.19138)).toBeLessThan(1e-5);
    expect(Math.abs(run.params[100][0])).toBeCloseTo(Math.abs(run.params[100][1]), 12); // same rate for both
  });

  it('(d) η = 2.01/L diverges, η = 1.99/L converges', () => {
    const f = quadratic([[1, 0], [0, 100]]);
    const bad = runOptimizer(f, opt('sgd', { lr: 2.01 / 100 }), [1, 1], 2000);
    const good = runOptimizer(f, opt('sgd', { lr: 1.99 / 100 }), [1, 1], 2000);
    expect(norm(bad.params[2000])).toBeGreaterThan(1e6);
    expect(norm(good.params[2000])).toBeLessThan(1e-6);
    expect(Math.abs(bad.params[2000][1])).toBeCloseTo(1.01 ** 2000, -4); // |1 − 2.01| per step
  });
});

describe('T2: heavy ball and Nesterov on H = diag(1, 100) (κ = 100, ρ = 9/11)', () => {
  const f = quadratic([[1, 0], [0, 100]]);
  const rho = 9 / 11;

  it('heavy ball α = 4/121, β = 81/121 (torch SGD form): ‖x₅₀‖ = 4.0593e-3, ‖x₁₀₀‖ = 3.5431e-7, envelope ≤ 1.83', () => {
    const run = runOptimizer(f, opt('sgd', { lr: 4 / 121, momentum: 81 / 121 }), [1, 1], 200);
    expect(rel(norm(run.params[50]), 4.0593e-3)).toBeLessThan(1e-4);
    expect(rel(norm(run.params[100]), 3.5431e-7)).toBeLessThan(1e-4);
    expect(norm(run.params[200])).toBeLessThan(1e-14);
    let worst = 0;
    for (let k = 0; k <= 200; k++) worst = Math.max(worst, norm(run.params[k]) / ((k + 1) * rho ** k));
    expect(worst).toBeLessThanOrEqual(1.83);
    expect(worst).toBeGreaterThan(1.5); // the envelope is tight, not vacuous
  });

  // Textbook Nesterov: x_{k+1} = y_k − ∇f(y_k)/L, y_{k+1} = x_{k+1} + β(x_{k+1} − x_k), y₀ = x₀.
  function textbookNesterov(steps: number): { x: Float64Array[]; y: Float64Array[] } {
    const beta = rho;
    const x = [Float64Array.from([1, 1])];
    const y = [Float64Array.from([1, 1])];
    const g = new Float64Array(2);
    for (let k = 0; k < steps; k++) {
      f(y[k], g);
      x.push(y[k].map((yi, i) => yi - g[i] / 100));
      y.push(x[k + 1].map((xi, i) => xi + beta * (xi - x[k][i])));
    }
    return { x, y };
  }

  it('Nesterov 1/L, β = 9/11, textbook form: ‖x₁₀₀‖ = 2.9218e-4 (seed 002 form gives x_k)', () => {
    const ref = textbookNesterov(100);
    expect(rel(norm(ref.x[100]), 2.9218e-4)).toBeLessThan(1e-4);
    // seed 002's v ← mv − γ∇f(θ + mv), θ ← θ + v is the textbook form: θ_k = x_k.
    const run = runOptimizer(f, opt('nesterov_seed002', { lr: 0.01, momentum: rho }), [1, 1], 100);
    expect(rel(norm(run.params[100]), 2.9218e-4)).toBeLessThan(1e-4);
    for (let k = 0; k <= 100; k++) for (let i = 0; i < 2; i++) expect(Math.abs(run.params[k][i] - ref.x[k][i])).toBeLessThan(1e-14);
  });

  it('Nesterov, torch form (g + μb): θ_k is the textbook look-ahead y_k, so ‖θ₁₀₀‖ ≠ 2.9218e-4', () => {
    // PyTorch's nesterov=True iterates are y_k = x_k + β(x_k − x_{k−1}), not x_k: the REFERENCE value
    // 2.9218e-4 is ‖x₁₀₀‖ = ‖θ₉₉ − ∇f(θ₉₉)/L‖ in our (PyTorch) form.
    const ref = textbookNesterov(100);
    const run = runOptimizer(f, opt('sgd', { lr: 0.01, momentum: rho, nesterov: true }), [1, 1], 100);
    for (let k = 0; k <= 100; k++) for (let i = 0; i < 2; i++) expect(Math.abs(run.params[k][i] - ref.y[k][i])).toBeLessThan(1e-14);
    const g = new Float64Array(2);
    f(run.params[99], g);
    const x100 = run.params[99].map((yi, i) => yi - g[i] / 100);
    expect(rel(norm(x100), 2.9218e-4)).toBeLessThan(1e-4);
    expect(rel(norm(run.params[100]), 2.9218e-4)).toBeGreaterThan(0.05);
  });

  it('the theory bound f(x_k) − f* ≤ ((L + μ)/2)‖x₀ − x*‖²(1 − 1/√κ)ᵏ holds for the textbook x_k', () => {
    const ref = textbookNesterov(200);
    for (let k = 0; k <= 200; k++) expect(f(ref.x[k])).toBeLessThanOrEqual(((101 / 2) * 2 * 0.9 ** k) * (1 + 1e-12));
  });
});

describe('T3: implicit bias on A = [[1, 2, 0], [0, 1, 1]], b = (1, 1), x₀ = 0', () => {
  const A = [[1, 2, 0], [0, 1, 1]];
  const f = leastSquares(A, [1, 1], 0.5); // ½‖Ax − b‖², L = 6
  const n = [2, -1, 1].map((v) => v / Math.sqrt(6)); // null-space unit vector
  const dotN = (x: ArrayLike<number>) => n[0] * x[0] + n[1] * x[1] + n[2] * x[2];
  const residual = (x: ArrayLike<number>) => Math.hypot(x[0] + 2 * x[1] - 1, x[1] + x[2] - 1);

  it('GD, η = 1/6, 5000 steps: the minimum-norm solution A⁺b = (0, 0.5, 0.5), ⟨x, n⟩ = 0', () => {
    const x = runOptimizer(f, opt('sgd', { lr: 1 / 6 }), [0, 0, 0], 5000).params[5000];
    for (const [i, v] of [0, 0.5, 0.5].entries()) expect(Math.abs(x[i] - v)).toBeLessThan(1e-15);
    expect(Math.abs(dotN(x))).toBeLessThan(1e-12);
    expect(norm(x)).toBeCloseTo(0.707107, 6);
  });

  it('Adam, lr 0.01, 20 000 steps: a solution with a null-space component ⟨x, n⟩ ∈ [0.25, 0.32]', () => {
    const run = runOptimizer(f, opt('adam', { lr: 0.01 }), [0, 0, 0], 20000);
    const x = run.params[20000];
    expect(Math.abs(run.params[1][0] - 0.01)).toBeLessThan(1e-9); // x₁ = lr·sign(Aᵀb) = lr·(1, 1, 1)
    expect(dotN(x)).toBeGreaterThanOrEqual(0.25);
    expect(dotN(x)).toBeLessThanOrEqual(0.32);
    expect(dotN(x)).toBeCloseTo(0.2879, 3);
    expect(residual(x)).toBeLessThan(1e-6);
  });

  it('Adagrad (PyTorch, τ = 0), lr 0.1, 1e5 steps: ⟨x, n⟩ ≈ 0.2824', () => {
    const x = runOptimizer(f, opt('adagrad', { lr: 0.1 }), [0, 0, 0], 100000).params[100000];
    expect(dotN(x)).toBeCloseTo(0.2824, 4);
    expect(x[0]).toBeCloseTo(0.23054, 4);
    expect(residual(x)).toBeLessThan(1e-6);
  });
});

describe('T9: scaled GD (scaled_gd with an explicit hinv = D⁻¹)', () => {
  it('H = diag(1, 100), D = diag(H), η = 1: converges in exactly one step', () => {
    const run = runOptimizer(quadratic([[1, 0], [0, 100]]), opt('scaled_gd', { lr: 1, hinv: [1, 1 / 100] }), [1, 1], 1);
    expect(Array.from(run.params[1])).toEqual([0, 0]);
  });

  it('H = [[100, 9], [9, 1]]: Jacobi-scaled GD ‖x₁₀₀‖ = 3.756e-5 vs GD 0.97304 (each at 2/(λ_min + λ_max))', () => {
    const f: Objective = quadratic([[100, 9], [9, 1]]);
    // D^{−1/2}HD^{−1/2} has eigenvalues 0.1 and 1.9: η = 2/2 = 1. H has λ_min + λ_max = trace = 101.
    const jacobi = runOptimizer(f, opt('scaled_gd', { lr: 1, hinv: [1 / 100, 1] }), [1, 1], 100);
    const gd = runOptimizer(f, opt('sgd', { lr: 2 / 101 }), [1, 1], 100);
    expect(rel(norm(jacobi.params[100]), 3.756e-5)).toBeLessThan(1e-3);
    expect(rel(norm(gd.params[100]), 0.97304)).toBeLessThan(1e-5);
  });

  it('the default logspace(hinv_from, hinv_to, n) diagonal: hinv_from = −2, hinv_to = 0 is diag(0.01, 0.1, 1)', () => {
    const run = runOptimizer(quadratic([[1, 0, 0], [0, 1, 0], [0, 0, 1]]), opt('scaled_gd', { lr: 1, hinv_from: -2, hinv_to: 0 }), [1, 1, 1], 1);
    expect(run.deltas[0][0]).toBeCloseTo(-0.01, 15);
    expect(run.deltas[0][1]).toBeCloseTo(-0.1, 15);
    expect(run.deltas[0][2]).toBeCloseTo(-1, 15);
  });
});
