import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { makeRng, type Rng } from '../rng';
import type { TensorModel } from '../models/model';
import type { Experiment } from '../experiment/types';
import { TensorRunner } from './tensorRunner';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** y = 2x − 1 on 40 points; θ = [w, b]; batches drawn from a shuffled order per epoch; logs batches seen. */
function lineModel(seen: string[]): TensorModel<{ x: tf.Tensor; y: tf.Tensor }> {
  const xs = Array.from({ length: 40 }, (_, i) => i / 20 - 1);
  const ys = xs.map((x) => 2 * x - 1);
  const rng = makeRng(1).fork('batches');
  return {
    id: 'line', dim: 2, layout: [{ name: 'w', offset: 0, shape: [1] }, { name: 'b', offset: 1, shape: [1] }],
    initParams: (r: Rng) => Float32Array.from([r.normal(), r.normal()]),
    batch(k, B) {
      const r = rng.fork(k);
      const idx = Array.from({ length: B }, () => r.int(40));
      seen.push(`${k}:${B}:${idx.join(',')}`);
      return { x: tf.tensor1d(idx.map((i) => xs[i])), y: tf.tensor1d(idx.map((i) => ys[i])) };
    },
    loss: (theta, b) => tf.mean(tf.square(tf.sub(tf.add(tf.mul(b.x, theta.slice([0], [1])), theta.slice([1], [1])), b.y))),
    dispose: () => {},
  };
}

const exp = (over: Partial<Experiment> = {}): Experiment => ({
  version: 1, problem: 'line',
  runs: [
    { label: 'SGD', optimizer: 'sgd', hyper: { lr: 0.1 }, batchSize: 8 },
    { label: 'Adam', optimizer: 'adam', hyper: { lr: 0.05 }, batchSize: 8 },
    { label: 'Polyak', optimizer: 'polyak', batchSize: 4 },
  ],
  steps: 60, seed: 2, ...over,
});

describe('TensorRunner', () => {
  it('steps every run in lockstep on one shared batch per batch size and records every step', () => {
    const seen: string[] = [];
    const r = new TensorRunner(exp(), lineModel(seen), 40);
    r.advance(10);
    // 10 steps × 2 distinct batch sizes: runs with equal B share the batch.
    expect(seen.length).toBe(20);
    expect(r.runs.map((x) => x.t)).toEqual([10, 10, 10]);
    const rec = r.runs[0].recorder;
    expect(rec.length).toBe(11);
    expect(Array.from(rec.step.subarray(0, 11))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(rec.stepSize[1]).toBeCloseTo(0.1, 6);
    // Parameters are read back once per advance(): NaN in between, θ at the last row.
    expect(Number.isNaN(rec.params[5 * 2])).toBe(true);
    expect(Number.isFinite(rec.params[10 * 2])).toBe(true);
    r.advance(100);
    expect(r.done).toBe(true);
    expect(r.runs.map((x) => x.status)).toEqual(['done', 'done', 'done']);
    const last = r.runs[1].recorder;
    expect(last.loss[last.length - 1]).toBeLessThan(last.loss[1] / 10);
    r.dispose();
  });

  it('starts racing runs from one initialisation and marks a diverging run without stopping the others', () => {
    const r = new TensorRunner(exp({ runs: [{ label: 'ok', optimizer: 'sgd', hyper: { lr: 0.1 } , batchSize: 8 }, { label: 'boom', optimizer: 'sgd', hyper: { lr: 50 }, batchSize: 8 }] }), lineModel([]), 40);
    const p0 = r.runs.map((x) => Array.from(x.recorder.params.subarray(0, 2)));
    expect(p0[0]).toEqual(p0[1]);
    r.advance(60);
    expect(r.runs[0].status).toBe('done');
    expect(r.runs[1].status).toBe('diverged');
    expect(r.runs[1].reason).toMatch(/^diverged at step \d+/);
    r.dispose();
  });

  it('stops a run at the first step whose recorded loss is below stopLoss; the others go on', () => {
    const r = new TensorRunner(exp({
      runs: [
        { label: 'full batch', optimizer: 'sgd', hyper: { lr: 0.3 }, batchSize: 40 },
        { label: 'mini-batch', optimizer: 'sgd', hyper: { lr: 0.3 }, batchSize: 8 },
        { label: 'slow', optimizer: 'sgd', hyper: { lr: 1e-4 }, batchSize: 40 },
      ],
      steps: 400, stopLoss: 0.01,
    }), lineModel([]), 40);
    // Chunks of 25: the crossing falls inside a chunk, whose later steps already ran.
    for (let k = 0; k < 16 && !r.runs.slice(0, 2).every((x) => x.status !== 'ok'); k++) r.advance(25);
    for (const [i, what] of [[0, 'loss'], [1, 'mini-batch loss']] as const) {
      const run = r.runs[i];
      const rec = run.recorder;
      const losses = Array.from(rec.loss.subarray(1, rec.length));
      const first = losses.findIndex((v) => v < 0.01) + 1;
      expect(first).toBeGreaterThan(1);
      expect(run.status).toBe('done');
      expect(run.t).toBe(first);
      expect(rec.step[rec.length - 1]).toBe(first);
      expect(losses.slice(0, -1).every((v) => v >= 0.01)).toBe(true);
      expect(run.reason).toMatch(new RegExp(`^stopped at step ${first}: ${what} \\d\\.\\d+(e-\\d+)? < 0\\.01$`));
    }
    expect(r.runs[0].t % 25).not.toBe(0);
    expect(r.runs[2].status).toBe('ok');
    expect(r.runs[2].t).toBeGreaterThan(r.runs[0].t);
    r.dispose();
  });

  it('changes hyperparameters live and validates them', () => {
    const r = new TensorRunner(exp(), lineModel([]), 40);
    r.advance(5);
    r.setHyper(0, 'lr', 0);
    const before = r.runs[0].run.readTheta().slice();
    r.advance(5);
    expect(Array.from(r.runs[0].run.readTheta())).toEqual(Array.from(before));
    expect(() => r.setHyper(0, 'lr', -1)).toThrow(/runs\[0\]\.hyper\.lr: must be ≥ 0/);
    r.dispose();
  });

  it('frees every tensor it made', () => {
    const before = tf.memory().numTensors;
    const r = new TensorRunner(exp(), lineModel([]), 40);
    r.advance(200);
    r.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('TensorRunner evaluations', () => {
  it('reports every reportEvery steps and stops a run early when the validation loss stops improving', () => {
    const model = lineModel([]);
    let calls = 0;
    Object.assign(model, {
      reportEvery: 10,
      report: () => ({ train: 1, val: 1 + 0 * calls++ }),
    });
    const r = new TensorRunner(exp({ runs: [{ label: 'SGD', optimizer: 'sgd', hyper: { lr: 0.01 }, batchSize: 8 }], steps: 500 }), model, 40);
    for (let i = 0; i < 20 && !r.done; i++) r.advance(10);
    const run = r.runs[0];
    // First evaluation sets the best; three more without improvement stop the run (patience 3).
    expect(run.evaluations.map((e) => e.step)).toEqual([10, 20, 30, 40]);
    expect(run.status).toBe('done');
    expect(run.t).toBe(40);
    expect(run.reason).toMatch(/^stopped early at step 40: validation loss did not improve/);
    r.dispose();
  });
});
