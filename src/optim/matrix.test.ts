/**
 * The optax-style matrix: every optimizer id (plus the main variants) × several problems, with
 * sensible hyperparameters. Every iterate and every state array stays finite and the gap f − f* ends
 * well below where it started.
 */
import { describe, it, expect } from 'vitest';
import { makeOptimizer, OPTIMIZER_IDS, OPTIMIZERS, withDefaults } from './aliases';
import type { Hyper } from './transform';
import { leastSquares, quadratic, rosenbrock, runOptimizer, type Objective } from './testing';

interface MatrixProblem {
  name: string;
  f: Objective;
  x0: number[];
  steps: number;
  /** Multiplies every lr-like hyperparameter (Rosenbrock's curvature at the start is ~1900). */
  lrScale: number;
  /** The gap f − f* must end below this fraction of its start. */
  ratio: number;
  /** f*, given to the Polyak-type optimizers (f_star). */
  fStar: number;
}

const PROBLEMS: MatrixProblem[] = [
  // ½xᵀHx with an asymmetric, non-diagonal H (eigenvalues ≈ 0.88 and 3.12).
  { name: 'convex quadratic', f: quadratic([[3, 0.5], [0.5, 1]]), x0: [1.5, -2], steps: 300, lrScale: 1, ratio: 1e-3, fStar: 0 },
  { name: 'Rosenbrock from (−1.5, 2)', f: rosenbrock, x0: [-1.5, 2], steps: 2000, lrScale: 0.01, ratio: 0.6, fStar: 0 },
  {
    name: 'least squares (6×3, f* > 0)',
    f: leastSquares(
      [[1.0, 2.0, -0.5], [0.3, -1.2, 0.8], [2.1, 0.4, 1.5], [-0.7, 0.9, 0.2], [1.3, -0.6, -1.1], [0.5, 1.7, 0.9]],
      [1.0, -0.5, 2.2, 0.3, -1.4, 1.8],
    ),
    x0: [0.3, -0.7, 1.1],
    steps: 300,
    lrScale: 1,
    ratio: 1e-2,
    fStar: 0.08482309417011274, // from numpy lstsq (make_torch_fixtures.py)
  },
];

/** One configuration per row; `lr`-like entries are scaled by the problem's lrScale. */
const CONFIGS: { id: string; label: string; hyper: Hyper; scaled: string[] }[] = [
  { id: 'sgd', label: 'sgd', hyper: { lr: 0.1 }, scaled: ['lr'] },
  { id: 'sgd', label: 'sgd momentum 0.9', hyper: { lr: 0.03, momentum: 0.9 }, scaled: ['lr'] },
  { id: 'sgd', label: 'sgd nesterov 0.9', hyper: { lr: 0.03, momentum: 0.9, nesterov: true }, scaled: ['lr'] },
  { id: 'sgd', label: 'sgd momentum 0.9 dampening 0.5 wd 1e-3', hyper: { lr: 0.03, momentum: 0.9, dampening: 0.5, weight_decay: 1e-3 }, scaled: ['lr'] },
  { id: 'adagrad', label: 'adagrad', hyper: { lr: 0.3 }, scaled: [] },
  { id: 'rmsprop', label: 'rmsprop', hyper: { lr: 0.01 }, scaled: [] },
  { id: 'rmsprop', label: 'rmsprop centered momentum 0.5', hyper: { lr: 0.003, centered: true, momentum: 0.5 }, scaled: [] },
  { id: 'adam', label: 'adam', hyper: { lr: 0.05 }, scaled: [] },
  { id: 'adam', label: 'adam amsgrad', hyper: { lr: 0.05, amsgrad: true }, scaled: [] },
  { id: 'adamw', label: 'adamw', hyper: { lr: 0.05 }, scaled: [] },
  { id: 'polyak', label: 'polyak', hyper: {}, scaled: [] },
  { id: 'polyak', label: 'polyak SPS_max c = 0.5', hyper: { c: 0.5, max_lr: 0.2 }, scaled: ['max_lr'] },
  { id: 'polyak_adam', label: 'polyak_adam', hyper: {}, scaled: [] },
  { id: 'polyak_adam_hybrid', label: 'polyak_adam_hybrid', hyper: {}, scaled: [] },
  { id: 'polyak_adam_hybrid', label: 'polyak_adam_hybrid amsgrad', hyper: { amsgrad: true }, scaled: [] },
  { id: 'armijo', label: 'armijo', hyper: {}, scaled: [] },
  { id: 'scaled_gd', label: 'scaled_gd', hyper: { lr: 0.1, hinv_from: -0.5, hinv_to: 0 }, scaled: ['lr'] },
  { id: 'momentum_seed002', label: 'momentum_seed002', hyper: { lr: 0.03, momentum: 0.9 }, scaled: ['lr'] },
  { id: 'nesterov_seed002', label: 'nesterov_seed002', hyper: { lr: 0.03, momentum: 0.9 }, scaled: ['lr'] },
];

/** Every Float64Array or number reachable from a transform's state. */
function stateNumbers(s: unknown, out: number[] = []): number[] {
  if (typeof s === 'number') out.push(s);
  else if (s instanceof Float64Array) out.push(...s);
  else if (Array.isArray(s)) for (const v of s) stateNumbers(v, out);
  else if (s && typeof s === 'object') for (const v of Object.values(s)) stateNumbers(v, out);
  return out;
}

describe('optimizer × problem matrix', () => {
  it('covers every optimizer id', () => {
    expect(new Set(CONFIGS.map((c) => c.id))).toEqual(new Set(OPTIMIZER_IDS));
  });

  for (const p of PROBLEMS) {
    for (const c of CONFIGS) {
      it(`${c.label} on ${p.name}`, () => {
        const given: Hyper = { ...c.hyper };
        for (const k of c.scaled) given[k] = (given[k] as number) * p.lrScale;
        if ('f_star' in OPTIMIZERS[c.id].hyper) given.f_star = p.fStar;
        const run = runOptimizer(p.f, makeOptimizer(c.id, withDefaults(c.id, given)), p.x0, p.steps);
        for (const x of run.params) for (const v of x) expect(Number.isFinite(v)).toBe(true);
        expect(stateNumbers(run.state).every(Number.isFinite)).toBe(true);
        const f0 = run.losses[0];
        const fT = p.f(run.params[p.steps]);
        expect(fT - p.fStar).toBeLessThan(p.ratio * (f0 - p.fStar));
      });
    }
  }
});
