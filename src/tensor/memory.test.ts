/** tf.memory().numTensors stays flat over 1 000 steps of every neural model (issue 3). */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { MODEL_MAKERS } from '../models/registry';
import { MODEL_CATALOG } from '../models/catalog';
import { makeRng } from '../rng';
import { TensorRunner } from './tensorRunner';
import type { Experiment } from '../experiment/types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const small: Record<string, Record<string, number>> = {
  mlp: {},
  classifier: { hidden: 2 },
  transformer: { n_embd: 8, n_head: 1, n_layer: 1, block_size: 8, dropout: 0.1, eval_every: 250 },
};

describe('no tensor leak over 1 000 steps', () => {
  it.each(Object.keys(MODEL_CATALOG))('%s', async (id) => {
    const params: Record<string, number> = {};
    for (const [k, p] of Object.entries(MODEL_CATALOG[id].params)) params[k] = small[id][k] ?? p.default;
    const data = id === 'transformer' ? { generator: 'toddler', n: 300 } : undefined;
    const root = makeRng(0);
    const built = MODEL_MAKERS[id](params, data, { data: root.fork('data'), batches: root.fork('batches'), sampling: 'shuffle' });
    const e: Experiment = {
      version: 1, problem: id,
      runs: [{ label: 'Adam', optimizer: 'adam', hyper: { lr: 0.01 }, batchSize: 4 }, { label: 'Polyak', optimizer: 'polyak', batchSize: 4 }],
      steps: 1000,
    };
    const runner = new TensorRunner(e, built.model, built.n);
    await runner.advanceAsync(10);
    const after10 = tf.memory().numTensors;
    while (!runner.done) await runner.advanceAsync(100);
    expect(runner.runs.map((r) => r.t)).toEqual([1000, 1000]);
    expect(tf.memory().numTensors).toBe(after10);
    runner.dispose();
  }, 120_000);
});
