/**
 * "float32 on the tensor path": an analytic least-squares problem run by TF.js in float32 next to the
 * float64 engine (SCENARIOS S11: ‖θ_k − θ*‖² reaches 1e-16 in float64 but floors far above it in float32).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { loadTensorEngine } from './load';
import { Runner } from '../run/runner';
import { makeProblem } from '../problems/registry';
import { makeRng } from '../rng';
import type { Experiment } from '../experiment/types';
import type { TensorRunner } from './tensorRunner';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const data = { generator: 'sin-exp', n: 7 };
const beta = makeProblem('polynomial', { degree: 9 }, data, makeRng(0)).smoothness as number;
const experiment = (precision: 'float64' | 'float32'): Experiment => ({
  version: 1, problem: 'polynomial', problemParams: { degree: 9 }, data, precision, backend: 'cpu',
  runs: [{ label: 'GD', optimizer: 'sgd', hyper: { lr: 1 / beta }, init: new Array(10).fill(0) }],
  // float64 needs 10⁵ steps to reach 1e-16 (seed 003); float32 has floored long before 2·10⁴.
  steps: precision === 'float64' ? 100_000 : 20_000,
});

const distSq = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(b).reduce((s, v, i) => s + (a[i] - v) ** 2, 0);

describe('float32 on the tensor path', () => {
  it('runs the same least-squares problem and shows where float32 stops', async () => {
    const f64 = new Runner(experiment('float64'));
    f64.runToEnd();
    const thetaStar = f64.problem.optimum!.theta;
    const { engine, info } = await loadTensorEngine(experiment('float32'));
    expect(info.path).toBe('tensor');
    expect(info.contour).not.toBeNull(); // the same contour as the float64 problem
    while (!engine.done) engine.advance(2000);
    const theta32 = (engine as TensorRunner).runs[0].run.readTheta();
    const d64 = distSq(f64.runs[0].theta, thetaStar);
    const d32 = distSq(theta32, thetaStar);
    expect(d64).toBeLessThanOrEqual(1e-16);
    expect(d32).toBeGreaterThan(1e-14); // float32 cannot get near the float64 floor…
    expect(d32).toBeLessThan(1e-6); // …but it does converge to float32 accuracy
    engine.dispose?.();
  });

  it('runs a non-least-squares problem too (Rosenbrock), on the same contour as the float64 engine', async () => {
    const { engine, info } = await loadTensorEngine({ version: 1, problem: 'rosenbrock', precision: 'float32', backend: 'cpu', runs: [{ label: 'GD', optimizer: 'sgd', hyper: { lr: 1e-3 } }], steps: 10 });
    expect(info.path).toBe('tensor');
    expect(info.contour).not.toBeNull();
    while (!engine.done) engine.advance(10);
    expect(engine.runs[0].t).toBe(10);
    engine.dispose?.();
  });
});
