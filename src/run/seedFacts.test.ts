/**
 * The phenomena the seeds ask students to observe, checked on the real engine (SCENARIOS S9, S11, S12).
 */
import { describe, expect, it } from 'vitest';
import { Runner } from './runner';
import { makeProblem } from '../problems/registry';
import { makeRng } from '../rng';
import type { Experiment } from '../experiment/types';

const sinExp = { generator: 'sin-exp', n: 7 };

function distanceSq(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return s;
}

describe('S9/S11: implicit regularisation on polynomial least squares (n = 9, N = 7)', () => {
  const problem = makeProblem('polynomial', { degree: 9 }, sinExp, makeRng(0));
  const beta = problem.smoothness as number;
  const thetaStar = problem.optimum!.theta;

  it('GD from 0 with γ = 1/β reaches the minimum-norm solution: ‖θ − θ*‖² ≤ 1e-16', () => {
    const e: Experiment = {
      version: 1, problem: 'polynomial', problemParams: { degree: 9 }, data: sinExp,
      runs: [{ label: 'GD', optimizer: 'sgd', hyper: { lr: 1 / beta }, init: new Array(10).fill(0) }],
      steps: 100_000,
    };
    const r = new Runner(e);
    r.runToEnd();
    expect(r.runs[0].status).toBe('done');
    expect(distanceSq(r.runs[0].theta, thetaStar)).toBeLessThanOrEqual(1e-16);
  });

  it('Adam (one sample per step) interpolates the data elsewhere: it does not reach the minimum-norm solution', () => {
    const e: Experiment = {
      version: 1, problem: 'polynomial', problemParams: { degree: 9 }, data: sinExp, sampling: 'replacement',
      runs: [{ label: 'Adam', optimizer: 'adam', hyper: { lr: 0.001, betas: [0.9, 0.999], eps: 1e-8 }, batchSize: 1, init: new Array(10).fill(0) }],
      steps: 200_000,
    };
    const r = new Runner(e);
    r.runToEnd();
    const rec = r.runs[0].recorder;
    const finalLoss = rec.loss[rec.length - 1];
    expect(finalLoss).toBeLessThan(1e-3); // it fits the points…
    expect(distanceSq(r.runs[0].theta, thetaStar)).toBeGreaterThan(1e-3); // …but not with the minimum norm
  });
});

describe('S12: flat vs sharp minima', () => {
  it('SGD leaves the sharp minimum near 5 in most of 20 seeds while GD stays', () => {
    let sgdLeft = 0;
    let gdStayed = 0;
    for (let seed = 0; seed < 20; seed++) {
      const e: Experiment = {
        version: 1, problem: 'flat-sharp', seed, sampling: 'replacement',
        runs: [
          { label: 'GD', optimizer: 'sgd', hyper: { lr: 0.001 }, init: [5] },
          { label: 'SGD', optimizer: 'sgd', hyper: { lr: 0.001 }, init: [5], batchSize: 1 },
        ],
        steps: 2000,
      };
      const r = new Runner(e);
      r.runToEnd();
      if (Math.abs(r.runs[0].theta[0] - 5) < 0.5) gdStayed++;
      if (Math.abs(r.runs[1].theta[0] - 5) > 2) sgdLeft++;
    }
    expect(gdStayed).toBe(20);
    expect(sgdLeft).toBeGreaterThan(10);
  });
});
