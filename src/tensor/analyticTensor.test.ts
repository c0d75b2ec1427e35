/**
 * "Any analytic problem can be switched to float32 on the tensor path" (issue 3): every problem id
 * without a design matrix has a tf form of its loss (analyticTensor.ts) whose value and autodiff
 * gradient equal the float64 engine's analytic ones to float32 tolerance, on full data, on
 * mini-batches with repeats and with runs batched as [R, P]; through the loader, GD and SGD follow
 * the float64 runner's trajectory step for step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { analyticTensorModel, ANALYTIC_TENSOR_IDS, type AnalyticTensorModel } from './analyticTensor';
import { loadTensorEngine } from './load';
import type { TensorRunner } from './tensorRunner';
import { makeProblem, PROBLEM_IDS } from '../problems/registry';
import type { Problem } from '../problems/problem';
import { Runner } from '../run/runner';
import { makeRng } from '../rng';
import type { Experiment } from '../experiment/types';
import { batchTensors } from '../models/model';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** |a − b| ≤ tol·max(|b|, scale): relative, or absolute (tol·scale) near zero. */
function close(a: number, b: number, tol: number, scale = 1): boolean {
  return Math.abs(a - b) <= tol * Math.max(Math.abs(b), scale);
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string, scale = 1): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(close(actual[i], expected[i], tol, scale), `${what}[${i}]: float32 ${actual[i]} vs float64 ${expected[i]}`).toBe(true);
  }
}

interface Case {
  id: string;
  params?: Record<string, number>;
  expression?: string;
  points: number[][];
  /** Mini-batches (sample indices, with repeats) for data problems. */
  batches?: number[][];
  /**
   * Size of f's terms where f is a small difference of them (below it, the tolerance is absolute):
   * flat-sharp's 20·sin(10x + φ)·cos(2(x − 5)) (slope up to 200) against q(x), near its minima.
   */
  scale?: { loss: number; grad: number };
}

const P2 = [[0.3, -0.7], [-1.2, 0.9], [1.7, 2.3], [-0.45, -1.35]];
const CASES: Case[] = [
  { id: 'rosenbrock', points: [...P2, [-1.5, 2]] },
  { id: 'beale', points: P2 },
  { id: 'himmelblau', points: P2 },
  { id: 'rastrigin', points: [...P2, [-2, 3.5]] },
  { id: 'saddle', points: P2 },
  { id: 'goldstein-price', points: P2 },
  { id: 'booth', points: P2 },
  { id: 'six-hump-camel', points: P2 },
  { id: 'quadratic', points: P2 },
  { id: 'quadratic', params: { h11: 3, h12: -1.5, h22: 7 }, points: P2 },
  { id: 'penalty', points: [[-3], [-0.4], [0.7], [2.6]] },
  { id: 'penalty', params: { a: -1.5, lambda: 100 }, points: [[-3], [-0.4], [0.7], [2.6]] },
  { id: 'penalty-equality', points: [[-3], [0.4], [3.3], [6.1]] },
  { id: 'penalty-equality', params: { a: -7, mu: 0.25 }, points: [[-3], [0.4], [3.3]] },
  { id: 'exp-reparam', points: [[-2.3], [0], [0.4], [1.6]] },
  { id: 'exp-reparam', params: { a: -1 }, points: [[-2.3], [0.4]] },
  { id: 'two-well', points: [[0, 0], [-6.3, -9.1], [1.4, 0.6], [-3.1, -2.2]], batches: [[3, 0, 3, 7, 11], [24, 24], [5]] },
  { id: 'flat-sharp', points: [[-2.3], [0.35], [1.7], [4.7], [5.2], [6.4]], batches: [[3, 0, 3, 7, 11, 1999], [42, 42], [5]], scale: { loss: 20, grad: 200 } },
  { id: 'expression', points: P2 }, // the default text (Rosenbrock typed)
  {
    id: 'expression',
    expression: 'sin(x)*cos(y) + tan(x/3) + exp(y/2) + log(x^2 + 1) + sqrt(y^2 + 2) + abs(x - y) + tanh(x) + sinh(y/2)'
      + ' + cosh(x/3) + atan(x*y) + min(x, y, 0.1) + max(x^2, y) + pow(x, 3) - -x^4 + 2^y + x^0 + y^1 + pi*e/(1 + y^2)',
    points: P2,
  },
  { id: 'expression', expression: '3 - e', points: P2 },
];

function build(c: Case): { problem: Problem; experiment: Experiment; model: AnalyticTensorModel } {
  const experiment: Experiment = {
    version: 1, problem: c.id, runs: [{ label: 'x', optimizer: 'sgd' }],
    ...(c.params ? { problemParams: c.params } : {}),
    ...(c.expression ? { expression: c.expression } : {}),
  };
  const problem = makeProblem(c.id, c.params, undefined, makeRng(0).fork('data'), { expression: c.expression });
  const model = analyticTensorModel(problem, experiment, makeRng(0).fork('batches'), 'shuffle');
  return { problem, experiment, model };
}

/** float32 loss and autodiff gradient at θ on a batch (null: all samples). */
function tensorLossGrad(model: AnalyticTensorModel, theta: number[], idx: number[] | null): { loss: number; grad: Float32Array } {
  const b = model.batchOf(idx);
  const th = tf.tensor1d(theta);
  const { value, grad } = tf.valueAndGrad((t: tf.Tensor) => model.loss(t, b) as tf.Scalar)(th);
  expect(value.shape).toEqual([]);
  const out = { loss: value.dataSync()[0], grad: grad.dataSync() as Float32Array };
  tf.dispose([th, value, grad, ...batchTensors(b)]);
  return out;
}

function float64LossGrad(problem: Problem, theta: number[], idx: number[] | null): { loss: number; grad: Float64Array } {
  const grad = new Float64Array(problem.dim);
  const loss = problem.loss(Float64Array.from(theta), idx ? Int32Array.from(idx) : null, grad);
  return { loss, grad };
}

describe('analytic problems in float32 on the tensor path', () => {
  it('covers every problem id that has no design matrix', () => {
    for (const id of PROBLEM_IDS) {
      const problem = makeProblem(id, {}, undefined, makeRng(0).fork('data'));
      if (problem.design) continue;
      expect(ANALYTIC_TENSOR_IDS, id).toContain(id);
      expect(CASES.some((c) => c.id === id), `a test case for ${id}`).toBe(true);
    }
  });

  for (const c of CASES) {
    const name = `${c.id}${c.params ? ` ${JSON.stringify(c.params)}` : ''}${c.expression ? ` "${c.expression.slice(0, 24)}…"` : ''}`;
    it(`${name}: loss and gradient equal the float64 ones, single and batched [R, P]`, () => {
      const { problem, model } = build(c);
      const before = tf.memory().numTensors;
      const points = c.points.map((pt) => pt.map(Math.fround)); // evaluate float64 at the float32 point
      for (const idx of [null, ...(c.batches ?? [])]) {
        const singles = points.map((pt) => {
          const t32 = tensorLossGrad(model, pt, idx);
          const t64 = float64LossGrad(problem, pt, idx);
          const at = `${name} at (${pt.join(', ')})${idx ? ` batch [${idx.join(', ')}]` : ''}`;
          expectClose([t32.loss], [t64.loss], 1e-5, `loss ${at}`, c.scale?.loss);
          expectClose(t32.grad, t64.grad, 1e-4, `gradient ${at}`, c.scale?.grad);
          return t32;
        });
        // [R, P]: one row per point gives the single evaluations, rows' gradients independent.
        const b = model.batchOf(idx);
        const th = tf.tensor2d(points);
        const { value, grad } = tf.valueAndGrad((t: tf.Tensor) => tf.sum(model.loss(t, b)))(th);
        const perRun = tf.tidy(() => model.loss(th, b));
        expect(perRun.shape).toEqual([points.length]);
        const rows = perRun.dataSync(), g = grad.dataSync();
        singles.forEach((s, r) => {
          expectClose([rows[r]], [s.loss], 1e-6, `batched loss row ${r}`);
          expectClose(g.subarray(r * problem.dim, (r + 1) * problem.dim), s.grad, 1e-6, `batched gradient row ${r}`);
        });
        tf.dispose([th, value, grad, perRun, ...batchTensors(b)]);
      }
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    });
  }

  it('draws the float64 runner\'s mini-batches (same stream, same order)', () => {
    const { problem, experiment } = build({ id: 'two-well', points: [] });
    const model = analyticTensorModel(problem, experiment, makeRng(0).fork('batches'), 'shuffle');
    const data = problem.data!.x;
    const reference = new Runner({ ...experiment, runs: [{ label: 'x', optimizer: 'sgd', batchSize: 4 }], steps: 20 });
    const sampler = reference.runs[0].sampler;
    for (let k = 0; k < 20; k++) {
      const b = model.batch(k, 4);
      const expected = Array.from(sampler.batch(k)!, (i) => data[i]).flat();
      expectClose(b.rows!.dataSync(), expected, 1e-6, `batch ${k}`);
      tf.dispose(batchTensors(b));
    }
    const full = model.batch(0, problem.n);
    expect(full.rows!.shape).toEqual([problem.n, 2]);
    tf.dispose(batchTensors(full));
    model.dispose();
  });

  it('refuses a problem it has no tensor form for, naming the supported ones', () => {
    const { problem, experiment } = build({ id: 'rosenbrock', points: [] });
    expect(() => analyticTensorModel({ ...problem, id: 'no-such' }, experiment, makeRng(0), 'shuffle')).toThrow(
      /precision: float32 on the tensor path is available for least-squares problems and for rosenbrock, .*two-well, flat-sharp, expression, not no-such/,
    );
  });
});

describe('float32 analytic problems through the loader', () => {
  const engines: { dispose?: () => void }[] = [];
  afterAll(() => engines.forEach((e) => e.dispose?.()));

  /** θ after each of `steps` updates, float64 runner vs float32 tensor runner. */
  async function trajectories(experiment: Experiment, steps: number): Promise<{ f64: number[][]; f32: number[][] }> {
    const reference = new Runner({ ...experiment, precision: 'float64', steps });
    const { engine, info } = await loadTensorEngine({ ...experiment, precision: 'float32', backend: 'cpu', steps });
    engines.push(engine);
    expect(info.path).toBe('tensor');
    expect(info.backend?.name).toBe('cpu');
    const runner = engine as TensorRunner;
    const f64: number[][] = [], f32: number[][] = [];
    let tensors = 0;
    for (let k = 0; k < steps; k++) {
      reference.advance(1);
      engine.advance(1);
      f64.push(Array.from(reference.runs[0].theta));
      f32.push(Array.from(runner.runs[0].run.readTheta()));
      if (k === 0) tensors = tf.memory().numTensors;
    }
    expect(tf.memory().numTensors).toBe(tensors); // no tensor leaks per step
    return { f64, f32 };
  }

  it('GD on rosenbrock follows the float64 trajectory for 50 steps', async () => {
    const { f64, f32 } = await trajectories({ version: 1, problem: 'rosenbrock', runs: [{ label: 'GD', optimizer: 'sgd', hyper: { lr: 1e-3 } }] }, 50);
    f64.forEach((t, k) => expectClose(f32[k], t, 1e-5, `θ after step ${k + 1}`));
    expect(Math.hypot(f64[49][0] - -1.5, f64[49][1] - 2)).toBeGreaterThan(0.1); // it moved
  });

  it('SGD on two-well (batches of 5, shuffled) follows the float64 trajectory for 50 steps', async () => {
    const { f64, f32 } = await trajectories({
      version: 1, problem: 'two-well', seed: 3,
      runs: [{ label: 'SGD', optimizer: 'sgd', hyper: { lr: 0.01 }, batchSize: 5 }],
    }, 50);
    f64.forEach((t, k) => expectClose(f32[k], t, 1e-5, `θ after step ${k + 1}`));
    expect(Math.hypot(f64[49][0], f64[49][1])).toBeGreaterThan(0.5);
  });

  it('loads every other analytic problem in float32 and takes finite steps', async () => {
    for (const c of CASES) {
      const { engine } = await loadTensorEngine({
        version: 1, problem: c.id, precision: 'float32', backend: 'cpu', steps: 5,
        ...(c.params ? { problemParams: c.params } : {}), ...(c.expression ? { expression: c.expression } : {}),
        runs: [{ label: 'GD', optimizer: 'sgd', hyper: { lr: 1e-6 } }, { label: 'Adam', optimizer: 'adam', hyper: { lr: 1e-3 } }],
      });
      while (!engine.done) engine.advance(5);
      for (const r of (engine as TensorRunner).runs) {
        expect(r.status, `${c.id} ${r.label}: ${r.reason}`).toBe('done');
        expect(Array.from(r.run.readTheta()).every(Number.isFinite)).toBe(true);
      }
      engine.dispose?.();
    }
  });
});
