import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { makeMlp } from '../models/mlp';
import { makeRng } from '../rng';
import { batchedSweep } from './sweep';
import { TensorRun } from './trainer';
import { batchTensors } from '../models/model';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const mlp = () => makeMlp({ widths: [8], batchRng: makeRng(3).fork('batches') });

function single(seed: number, lr: number, steps: number): Float32Array {
  const model = mlp();
  const start = tf.tensor1d(model.initParams(makeRng(seed).fork('init')));
  const run = new TensorRun(model, 'sgd', { lr, momentum: 0.9 }, undefined, start);
  start.dispose();
  for (let k = 0; k < steps; k++) {
    const b = model.batch(k, 7);
    run.step(b);
    tf.dispose(batchTensors(b));
  }
  const losses = run.drainMetrics().loss;
  run.dispose();
  model.dispose();
  return losses;
}

describe('batched sweeps', () => {
  it('a sweep over learning rates and seeds as one [R, P] program equals R separate runs', async () => {
    const model = mlp();
    const lrs = [0.01, 0.05, 0.1];
    const seeds = [1, 2, 3];
    const out = await batchedSweep(model, { optimizer: 'sgd', hyper: { momentum: 0.9 }, lrs, seeds, steps: 40, batchSize: 7 });
    model.dispose();
    expect(out.rows.map((r) => [r.seed, r.lr])).toEqual([[1, 0.01], [2, 0.05], [3, 0.1]]);
    lrs.forEach((lr, r) => {
      const ref = single(seeds[r], lr, 40);
      for (let k = 0; k < 40; k++) expect(Math.abs(out.loss[r][k] - ref[k])).toBeLessThanOrEqual(1e-5 * Math.max(1, ref[k]));
    });
  });

  it('refuses lists of different lengths, and the float64 path refuses a list of learning rates', async () => {
    await expect(batchedSweep(mlp(), { optimizer: 'sgd', hyper: {}, lrs: [0.1, 0.2], seeds: [1], steps: 1, batchSize: 7 })).rejects.toThrow(/as many lrs as seeds/);
    const { makeOptimizer } = await import('../optim/aliases');
    const t = makeOptimizer('sgd', { lr: [0.1, 0.2] });
    const g = Float64Array.from([1, 2]);
    expect(() => t.update(g, t.init(g), { t: 1, epoch: 0, loss: 1, params: g, grad: g, oracle: { evaluate: () => 0 }, stepSize: 1, evaluations: 0 })).toThrow(
      /batched sweep: the tensor path runs it/,
    );
  });
});
