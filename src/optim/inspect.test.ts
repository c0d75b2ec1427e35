import { describe, expect, it } from 'vitest';
import { OPTIMIZER_IDS, makeOptimizer, withDefaults } from './aliases';
import { INSPECTED_IDS, inspectOptimizer } from './inspect';
import { quadratic, runOptimizer } from './testing';

// f(θ) = ½(2x² + y²), ∇f = (2x, y), from θ₀ = (1, 1): every value below is worked by hand.
const f = quadratic([[2, 0], [0, 1]]);
const run = (id: string, hyper: Record<string, number | number[]>, steps: number) => {
  const t = makeOptimizer(id, withDefaults(id, hyper));
  return runOptimizer(f, t, [1, 1], steps);
};

describe('inspectOptimizer', () => {
  it('knows every optimizer id of the table', () => {
    expect([...INSPECTED_IDS].sort()).toEqual([...OPTIMIZER_IDS].sort());
  });

  it("SGD with momentum: PyTorch's buffer after 2 steps, b₁ = g₁, b₂ = μb₁ + g₂", () => {
    // g₁ = (2, 1), b₁ = (2, 1), θ₁ = θ₀ − 0.1·b₁ = (0.8, 0.9); g₂ = (1.6, 0.9), b₂ = 0.9·(2, 1) + (1.6, 0.9) = (3.4, 1.8).
    const tr = run('sgd', { lr: 0.1, momentum: 0.9 }, 2);
    const m = inspectOptimizer('sgd', tr.state).momentum;
    expect(m?.name).toMatch(/momentum buffer/);
    expect(m?.value[0]).toBeCloseTo(3.4, 14);
    expect(m?.value[1]).toBeCloseTo(1.8, 14);
    expect(tr.params[2][0]).toBeCloseTo(0.46, 14);
    expect(tr.params[2][1]).toBeCloseTo(0.72, 14);
  });

  it('SGD without momentum has no buffer; neither has a state before the first update', () => {
    expect(inspectOptimizer('sgd', run('sgd', { lr: 0.1 }, 2).state).momentum).toBeNull();
    const t = makeOptimizer('sgd', withDefaults('sgd', { lr: 0.1, momentum: 0.9 }));
    expect(inspectOptimizer('sgd', t.init(Float64Array.of(1, 1))).momentum).toBeNull();
  });

  it("seed 002's velocity after 2 steps: v₁ = −γg₁, v₂ = m·v₁ − γg₂", () => {
    // v₁ = (−0.2, −0.1), θ₁ = (0.8, 0.9), g₂ = (1.6, 0.9), v₂ = 0.9·v₁ − 0.1·g₂ = (−0.34, −0.18).
    const tr = run('momentum_seed002', { lr: 0.1, momentum: 0.9 }, 2);
    const m = inspectOptimizer('momentum_seed002', tr.state).momentum;
    expect(m?.name).toMatch(/velocity/);
    expect(m?.value[0]).toBeCloseTo(-0.34, 14);
    expect(m?.value[1]).toBeCloseTo(-0.18, 14);
  });

  it("Adam's first moment after 2 steps: m₂ = β₁(1 − β₁)g₁ + (1 − β₁)g₂", () => {
    // The first Adam step is −γ·g/(|g| + ε') ≈ −0.1 per coordinate: θ₁ ≈ (0.9, 0.9), g₂ ≈ (1.8, 0.9).
    const tr = run('adam', { lr: 0.1 }, 2);
    const m = inspectOptimizer('adam', tr.state).momentum;
    expect(m?.name).toMatch(/first moment/);
    expect(m?.value[0]).toBeCloseTo(0.36, 7);
    expect(m?.value[1]).toBeCloseTo(0.18, 7);
    for (const id of ['adamw', 'polyak_adam', 'polyak_adam_hybrid']) {
      expect(inspectOptimizer(id, run(id, {}, 2).state).momentum?.name, id).toMatch(/first moment/);
    }
  });

  it("RMSprop's momentum buffer is the one the step used: θ₂ − θ₁ = −γ·b₂", () => {
    const tr = run('rmsprop', { lr: 0.01, momentum: 0.5 }, 2);
    const b = inspectOptimizer('rmsprop', tr.state).momentum!.value;
    for (let i = 0; i < 2; i++) expect(tr.params[2][i] - tr.params[1][i]).toBeCloseTo(-0.01 * b[i], 15);
  });

  it("Armijo's trial steps of the last update are η₀βʲ, the last one accepted", () => {
    // θ₀ = (1, 1): f = 1.5, g = (2, 1), ‖g‖² = 5. η = 4: f(−7, −3) = 53.5 > 1.5 − 4c·5, rejected;
    // η = 2: f(−3, −1) = 9.5, rejected; η = 1: f(−1, 0) = 1 ≤ 1.4995, accepted.
    const tr = run('armijo', { eta0: 4, beta: 0.5, c: 1e-4 }, 1);
    const ins = inspectOptimizer('armijo', tr.state);
    expect(ins.trials).toEqual([4, 2, 1]);
    expect(ins.momentum).toBeNull();
    expect(Array.from(tr.params[1])).toEqual([-1, 0]);
  });

  it('an unknown id (even an Object.prototype name) reports none', () => {
    for (const id of ['adamax', '__proto__', 'toString']) expect(inspectOptimizer(id, [])).toEqual({ momentum: null, trials: null });
  });

  it('optimizers without a buffer report none', () => {
    for (const id of ['adagrad', 'polyak', 'scaled_gd']) expect(inspectOptimizer(id, run(id, {}, 2).state)).toEqual({ momentum: null, trials: null });
  });
});
