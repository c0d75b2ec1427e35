import { describe, expect, it } from 'vitest';
import { Runner } from '../run/runner';
import type { Experiment } from '../experiment/types';
import { pageProblem, sameProblem } from './pageProblem';

const exp = (problem: string, extra: Partial<Experiment> = {}): Experiment => ({
  version: 1, problem, runs: [{ label: 'GD', optimizer: 'sgd', hyper: { lr: 0.01 } }], steps: 50, ...extra,
});

describe('pageProblem', () => {
  for (const e of [
    exp('polynomial', { problemParams: { degree: 3 } }),
    exp('two-well', { seed: 5 }),
    exp('linear-regression', { data: { generator: 'linear', n: 200, d: 5, noise: 1, seed: 3 } }),
    exp('rosenbrock'),
    exp('flat-sharp'),
  ]) {
    it(`${e.problem}: the same f as the worker's runner, at the start and along a run`, () => {
      const p = pageProblem(e);
      if (typeof p === 'string') throw new Error(p);
      // The exact residual sums, bit for bit (same data); the worker's own records (least squares with
      // N > 4p: the Gram form, gramLoss.ts) within its rounding bound.
      const runner = new Runner(e, { exactRecording: true });
      runner.runToEnd();
      const rec = runner.runs[0].recorder;
      for (let i = 0; i < rec.length; i++) {
        expect(p.loss(rec.params.subarray(i * p.dim, (i + 1) * p.dim))).toBe(rec.loss[i]);
      }
      const worker = new Runner(e);
      worker.runToEnd();
      const wrec = worker.runs[0].recorder;
      const fStar = worker.problem.optimum?.value ?? 0;
      for (let i = 0; i < wrec.length; i++) {
        expect(Math.abs(wrec.loss[i] - rec.loss[i])).toBeLessThanOrEqual(1e-10 * Math.abs(rec.loss[i] - fStar) + 1e-14 * Math.abs(rec.loss[i]));
      }
      const grad = new Float64Array(p.dim);
      p.loss(rec.params.subarray(0, p.dim), grad);
      expect(grad.every(Number.isFinite)).toBe(true);
      const info = { id: runner.problem.id, dim: runner.problem.dim, n: runner.problem.n, optimum: runner.problem.optimum ? { theta: Array.from(runner.problem.optimum.theta), value: runner.problem.optimum.value } : null };
      expect(sameProblem(p, info)).toBe(true);
      expect(sameProblem(p, { ...info, n: info.n + 1 })).toBe(false);
    });
  }

  it('other data gives another problem (the guard sees it)', () => {
    const a = pageProblem(exp('polynomial', { data: { generator: 'sin-exp', n: 7, noise: 0.5, seed: 1 } }));
    const b = new Runner(exp('polynomial', { data: { generator: 'sin-exp', n: 7, noise: 0.5, seed: 2 } })).problem;
    if (typeof a === 'string') throw new Error(a);
    expect(sameProblem(a, { id: b.id, dim: b.dim, n: b.n, optimum: { theta: Array.from(b.optimum!.theta), value: b.optimum!.value } })).toBe(false);
  });

  it('returns the reason for an experiment that cannot be built', () => {
    expect(pageProblem(exp('no-such-problem'))).toMatch(/unknown problem/);
  });
});
