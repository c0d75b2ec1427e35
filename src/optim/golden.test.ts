/**
 * Golden first steps for every optimizer id (REFERENCE T10), hand-unrolled recurrences
 * (REFERENCE §0 items 1, 2, 4; §1.3), the Polyak composition property (STYLE habit 4, REFERENCE §0
 * item 8) and live hyperparameters.
 */
import { describe, it, expect } from 'vitest';
import { makeOptimizer, OPTIMIZER_IDS, withDefaults } from './aliases';
import { chain, type Hyper } from './transform';
import { scaleByPolyak } from './scaleByPolyak';
import { scaleByLearningRate } from './scaleByLearningRate';
import { f64 } from './vector';
import { closeTo, makeStepper, quadratic, rosenbrock, runGradients, runOptimizer, type Objective } from './testing';

const half: Objective = quadratic([[1]]); // f = ½x², at x = 1: f = 0.5, g = 1
const opt = (id: string, given: Hyper = {}) => makeOptimizer(id, withDefaults(id, given));

describe('golden first steps (f = ½x², x₀ = 1, so g₁ = 1 and f = ½)', () => {
  // Δθ₁ for each optimizer id: the formula, and where REFERENCE T10 prints it, the printed value.
  const table: { id: string; hyper: Hyper; delta: number; printed?: number; evaluations?: number }[] = [
    { id: 'sgd', hyper: { lr: 0.1 }, delta: -0.1 },
    { id: 'adagrad', hyper: { lr: 0.1 }, delta: -0.1 / (1 + 1e-10), printed: -0.09999999999 },
    { id: 'rmsprop', hyper: { lr: 0.1 }, delta: -0.1 / (Math.sqrt(0.01) + 1e-8), printed: -0.9999999 },
    { id: 'adam', hyper: { lr: 0.1 }, delta: -0.1 / (1 + 1e-8), printed: -0.099999999 },
    // AdamW's default λ = 1e-2 (PyTorch), decoupled: −γ(m̂/(√v̂+ε) + λθ).
    { id: 'adamw', hyper: { lr: 0.1 }, delta: -0.1 * (1 / (1 + 1e-8) + 0.01 * 1) },
    // Polyak: γ = (f − f*)/(‖g‖² + ε) = 0.5/(1 + 1e-8).
    { id: 'polyak', hyper: {}, delta: -0.5 / (1 + 1e-8) },
    // Seed 000: Adam's first direction 1/(1 + ε) times the Polyak step.
    { id: 'polyak_adam', hyper: {}, delta: -0.5 / (1 + 1e-8) / (1 + 1e-8) },
    // Seed 001: t = 1 is −1.5·γ_p·g only (the Adam part starts at t = 2).
    { id: 'polyak_adam_hybrid', hyper: {}, delta: -1.5 * (0.5 / (1 + 1e-8)) },
    // Armijo: η₀ = 1 is accepted at once (f(0) = 0 ≤ ½ − 1e-4), one evaluation.
    { id: 'armijo', hyper: {}, delta: -1, evaluations: 1 },
    { id: 'scaled_gd', hyper: { lr: 0.1 }, delta: -0.1 },
    { id: 'momentum_seed002', hyper: { lr: 0.1 }, delta: -0.1 },
    // The look-ahead point θ + m·v equals θ at t = 1; its gradient costs one evaluation.
    { id: 'nesterov_seed002', hyper: { lr: 0.1 }, delta: -0.1, evaluations: 1 },
  ];

  it('covers every optimizer id', () => {
    expect(table.map((r) => r.id).sort()).toEqual([...OPTIMIZER_IDS].sort());
  });

  for (const row of table) {
    it(`${row.id}: Δθ₁ = ${row.delta}`, () => {
      const run = runOptimizer(half, opt(row.id, row.hyper), [1], 1);
      expect(Math.abs(run.deltas[0][0] - row.delta)).toBeLessThanOrEqual(1e-15 * Math.abs(row.delta));
      if (row.printed !== undefined) expect(Math.abs(run.deltas[0][0] - row.printed)).toBeLessThan(1e-10);
      expect(run.evaluations[0]).toBe(row.evaluations ?? 0);
    });
  }

  it('Adam on ½x², lr 0.1: x₁ = 0.9000000010, x₂ = 0.8004122297, x₃ = 0.7015862745', () => {
    const run = runOptimizer(half, opt('adam', { lr: 0.1 }), [1], 3);
    const x = run.params.map((p) => p[0]);
    expect(Math.abs(x[1] - 0.900000001)).toBeLessThan(1e-10);
    expect(Math.abs(x[2] - 0.8004122297)).toBeLessThan(1e-10);
    expect(Math.abs(x[3] - 0.7015862745)).toBeLessThan(1e-10);
  });

  it('Adam first step is −lr·sign(g) whatever |g| (divide by 1 − β₁ᵗ, not multiply)', () => {
    for (const g of [1e-3, 0.7, 250]) {
      const run = runGradients(opt('adam', { lr: 0.1 }), [0, 0], [[g, -g]]);
      expect(run.deltas[0][0]).toBeCloseTo(-0.1, 5);
      expect(run.deltas[0][1]).toBeCloseTo(0.1, 5);
    }
  });

  it('AMSGrad (PyTorch: max of raw v) with gradients 1, 0.1 ×9 takes Adam\'s steps 0.1, 0.07408, 0.06331', () => {
    const grads = [[1], ...Array.from({ length: 9 }, () => [0.1])];
    const ams = runGradients(opt('adam', { lr: 0.1, amsgrad: true }), [0], grads);
    const adam = runGradients(opt('adam', { lr: 0.1 }), [0], grads);
    const steps = ams.deltas.map((d) => -d[0]);
    expect(steps[0]).toBeCloseTo(0.1, 7);
    expect(steps[1]).toBeCloseTo(0.07408, 5);
    expect(steps[2]).toBeCloseTo(0.06331, 5);
    // Not optax's max of the bias-corrected v̂ (0.05263 at step 2).
    expect(Math.abs(steps[1] - 0.05263)).toBeGreaterThan(0.02);
    for (let t = 0; t < 10; t++) expect(ams.deltas[t][0]).toBe(adam.deltas[t][0]);
  });

  it('AMSGrad differs from Adam once raw v falls (β₂ = 0.9, gradients 1, 1, then 0.01)', () => {
    const grads = [[1], [1], ...Array.from({ length: 8 }, () => [0.01])];
    const h = { lr: 0.1, betas: [0.9, 0.9] };
    const ams = runGradients(opt('adam', { ...h, amsgrad: true }), [0], grads).deltas.map((d) => d[0]);
    const adam = runGradients(opt('adam', h), [0], grads).deltas.map((d) => d[0]);
    // By hand: max of the RAW v, then bias-correct: m̂/(√(v_max/(1−β₂ᵗ)) + ε).
    let m = 0;
    let v = 0;
    let vMax = 0;
    for (let t = 1; t <= 10; t++) {
      const g = grads[t - 1][0];
      m = 0.9 * m + 0.1 * g;
      v = 0.9 * v + 0.1 * g * g;
      vMax = Math.max(vMax, v);
      const expected = (-0.1 * (m / (1 - 0.9 ** t))) / (Math.sqrt(vMax) / Math.sqrt(1 - 0.9 ** t) + 1e-8);
      expect(closeTo(ams[t - 1], expected, 1e-14)).toBe(true);
    }
    expect(Math.abs(ams[9])).toBeLessThan(Math.abs(adam[9]) * 0.8);
  });
});

describe('hand-unrolled momentum recurrences', () => {
  it('PyTorch SGD buffer with μ = 0.9, τ = 0.5, g ≡ 1: 1, 1.4, 1.76, 2.084 (no dampening at t = 1)', () => {
    const run = runGradients(opt('sgd', { lr: 1, momentum: 0.9, dampening: 0.5 }), [0], [[1], [1], [1], [1]]);
    const buf = run.deltas.map((d) => -d[0]);
    const expected = [1, 1.4, 1.76, 2.084];
    for (let t = 0; t < 4; t++) expect(Math.abs(buf[t] - expected[t])).toBeLessThan(1e-15);
  });

  it('Nesterov (PyTorch) with g ≡ 1, μ = 0.9: Δθ = −lr(g + μb) = −1.9, −2.71, −3.439', () => {
    const run = runGradients(opt('sgd', { lr: 1, momentum: 0.9, nesterov: true }), [0], [[1], [1], [1]]);
    const d = run.deltas.map((x) => x[0]);
    expect(d[0]).toBeCloseTo(-1.9, 14);
    expect(d[1]).toBeCloseTo(-2.71, 14);
    expect(d[2]).toBeCloseTo(-3.439, 14);
  });

  // θ_t = θ_{t−1} − αg_t + β(θ_{t−1} − θ_{t−2}), θ_{−1} = θ_0 (REFERENCE §0 item 2).
  function heavyBall(f: Objective, x0: number[], alpha: number, beta: number, steps: number): Float64Array[] {
    let prev = Float64Array.from(x0);
    let x = Float64Array.from(x0);
    const out = [Float64Array.from(x)];
    const g = new Float64Array(x0.length);
    for (let t = 1; t <= steps; t++) {
      f(x, g);
      const next = x.map((xi, i) => xi - alpha * g[i] + beta * (xi - prev[i]));
      prev = x;
      x = next;
      out.push(Float64Array.from(x));
    }
    return out;
  }

  for (const [name, f, x0, alpha, beta] of [
    ['quadratic H = [[3, 0.5], [0.5, 1]]', quadratic([[3, 0.5], [0.5, 1]]), [1.5, -2], 0.2, 0.7],
    ['Rosenbrock from (−1.5, 2)', rosenbrock, [-1.5, 2], 2e-4, 0.9],
  ] as [string, Objective, number[], number, number][]) {
    it(`torch SGD(momentum) = Polyak heavy ball over 200 steps to 1e-14 (${name})`, () => {
      const run = runOptimizer(f, opt('sgd', { lr: alpha, momentum: beta }), x0, 200);
      const hb = heavyBall(f, x0, alpha, beta, 200);
      expect(Math.abs(hb[200][0] - x0[0])).toBeGreaterThan(0.1); // it moved
      for (let t = 0; t <= 200; t++) {
        for (let i = 0; i < 2; i++) expect(closeTo(run.params[t][i], hb[t][i], 1e-14)).toBe(true);
      }
    });
  }

  it('seed 002 momentum (v ← mv − γg) equals torch SGD(momentum) for a constant lr, not under lr/(k+1)', () => {
    const f = quadratic([[3, 0.5], [0.5, 1]]);
    const a = runOptimizer(f, opt('momentum_seed002', { lr: 0.1, momentum: 0.8 }), [1.5, -2], 50);
    const b = runOptimizer(f, opt('sgd', { lr: 0.1, momentum: 0.8 }), [1.5, -2], 50);
    for (let t = 0; t <= 50; t++) for (let i = 0; i < 2; i++) expect(closeTo(a.params[t][i], b.params[t][i], 1e-13)).toBe(true);
    const inv = { kind: 'inverse' } as const;
    const c = runOptimizer(f, makeOptimizer('momentum_seed002', withDefaults('momentum_seed002', { lr: 0.1, momentum: 0.8 }), inv), [1.5, -2], 3);
    const d = runOptimizer(f, makeOptimizer('sgd', withDefaults('sgd', { lr: 0.1, momentum: 0.8 }), inv), [1.5, -2], 3);
    expect(c.params[1][0]).toBe(d.params[1][0]);
    expect(Math.abs(c.params[3][0] - d.params[3][0])).toBeGreaterThan(1e-3);
  });
});

describe('Polyak composition (STYLE habit 4, REFERENCE §0 item 8)', () => {
  // f = ‖x‖² at x = (1, 2, 3): f = 14, g = (2, 4, 6), ‖g‖² = 56, γ = 0.25.
  const sq = quadratic([[2, 0, 0], [0, 2, 0], [0, 0, 2]]);
  for (const [name, order] of [
    ['chain(scaleByPolyak, scaleByLearningRate(2))', 'polyak-first'],
    ['chain(scaleByLearningRate(2), scaleByPolyak)', 'lr-first'],
  ] as const) {
    it(`${name} takes the docstring's effective step 2·0.25 = 0.5, not optax's 0.125`, () => {
      const h: Hyper = { eps: 0 };
      const lr: Hyper = { lr: 2 };
      const t = order === 'polyak-first' ? chain(scaleByPolyak(f64, h), scaleByLearningRate(f64, lr)) : chain(scaleByLearningRate(f64, lr), scaleByPolyak(f64, h));
      const run = runOptimizer(sq, t, [1, 2, 3], 1);
      expect(run.stepSizes[0]).toBe(0.5);
      expect(Array.from(run.deltas[0])).toEqual([-1, -2, -3]); // −0.5·g: straight to the minimum
      expect(Array.from(run.params[1])).toEqual([0, 0, 0]);
    });
  }
});

describe('live hyperparameters (the object passed to makeOptimizer)', () => {
  const f = quadratic([[3, 0.5], [0.5, 1]]);

  it('sgd: changing hyper.lr between steps changes the next step', () => {
    const hyper = withDefaults('sgd', { lr: 0.1 });
    const s = makeStepper(makeOptimizer('sgd', hyper), [1.5, -2]);
    const r1 = s.step(f);
    expect(r1.stepSize).toBe(0.1);
    hyper.lr = 0.3;
    const g = new Float64Array(2);
    f(s.theta, g);
    const r2 = s.step(f);
    expect(r2.stepSize).toBe(0.3);
    expect(r2.delta[0]).toBeCloseTo(-0.3 * g[0], 15);
    expect(r2.delta[1]).toBeCloseTo(-0.3 * g[1], 15);
  });

  it('adam: a new lr scales the next step and keeps the moments', () => {
    const base = makeStepper(opt('adam', { lr: 0.1 }), [1.5, -2]);
    const hyper = withDefaults('adam', { lr: 0.1 });
    const live = makeStepper(makeOptimizer('adam', hyper), [1.5, -2]);
    base.step(f);
    live.step(f);
    hyper.lr = 0.3;
    const a = base.step(f).delta;
    const b = live.step(f).delta;
    expect(b[0] / a[0]).toBeCloseTo(3, 12);
    expect(b[1] / a[1]).toBeCloseTo(3, 12);
  });

  it('sgd: switching momentum on mid-run starts the buffer then', () => {
    const hyper = withDefaults('sgd', { lr: 0.1 });
    const s = makeStepper(makeOptimizer('sgd', hyper), [1]);
    const lin: Objective = (x, g) => { if (g) g[0] = 1; return x[0]; };
    expect(s.step(lin).delta[0]).toBeCloseTo(-0.1, 15);
    hyper.momentum = 0.5;
    expect(s.step(lin).delta[0]).toBeCloseTo(-0.1, 15); // b = g on the buffer's first step
    expect(s.step(lin).delta[0]).toBeCloseTo(-0.15, 15); // b = 0.5·1 + 1
  });

  it('polyak: lowering max_lr caps the next step', () => {
    const hyper = withDefaults('polyak', { eps: 0 });
    const s = makeStepper(makeOptimizer('polyak', hyper), [1]);
    expect(s.step(half).stepSize).toBe(0.5);
    hyper.max_lr = 0.1;
    expect(s.step(half).stepSize).toBe(0.1);
  });
});
