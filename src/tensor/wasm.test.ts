/**
 * The wasm backend (third in the order) trains every neural model and a float32 analytic problem,
 * and agrees with the cpu backend step for step to float32 tolerance: same kernels' semantics, so
 * falling back to it changes the speed, not the curves.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { MODEL_MAKERS } from '../models/registry';
import { MODEL_CATALOG } from '../models/catalog';
import { makeRng } from '../rng';
import { TensorRunner } from './tensorRunner';
import { selectBackend } from './backend';
import type { Experiment } from '../experiment/types';

const small: Record<string, Record<string, number>> = {
  mlp: {},
  classifier: { hidden: 2 },
  transformer: { n_embd: 8, n_head: 2, n_layer: 1, block_size: 8, dropout: 0.1, eval_every: 1000 },
};

/**
 * Losses and final θ of 30 Adam and 30 SGD steps of model `id` on `backend`. (Not Polyak: its huge
 * steps on 4-sample batches amplify float32 rounding, so two correct backends drift apart.)
 */
async function train(id: string, backend: 'cpu' | 'wasm'): Promise<{ loss: number[][]; theta: Float32Array[] }> {
  expect(await tf.setBackend(backend)).toBe(true);
  const params: Record<string, number> = {};
  for (const [k, p] of Object.entries(MODEL_CATALOG[id].params)) params[k] = small[id][k] ?? p.default;
  const data = id === 'transformer' ? { generator: 'toddler', n: 300 } : undefined;
  const root = makeRng(0);
  const built = MODEL_MAKERS[id](params, data, { data: root.fork('data'), batches: root.fork('batches'), sampling: 'shuffle' });
  const e: Experiment = {
    version: 1, problem: id, steps: 30,
    runs: [{ label: 'Adam', optimizer: 'adam', hyper: { lr: 0.01 }, batchSize: 4 }, { label: 'SGD', optimizer: 'sgd', hyper: { lr: 0.05 }, batchSize: 4 }],
  };
  const runner = new TensorRunner(e, built.model, built.n);
  while (!runner.done) await runner.advanceAsync(10);
  const out = {
    // Row 0 is θ₀, whose loss the tensor path does not evaluate (NaN); rows 1…30 are the steps.
    loss: runner.runs.map((r) => Array.from(r.recorder.loss.subarray(1, r.recorder.length))),
    theta: runner.snapshots.map((s) => s.theta.slice()),
  };
  runner.dispose();
  return out;
}

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('the wasm backend', () => {
  it('is chosen in Node after webgpu and webgl are refused', async () => {
    const info = await selectBackend();
    expect(info.name).toBe('wasm');
    expect(info.refused.map((r) => r.name)).toEqual(['webgpu', 'webgl']);
    expect(info.adapter).toMatch(/^WebAssembly/);
  });

  it.each(Object.keys(MODEL_CATALOG))('trains %s exactly as the cpu backend does, to float32 tolerance', async (id) => {
    const cpu = await train(id, 'cpu');
    const wasm = await train(id, 'wasm');
    for (let r = 0; r < 2; r++) {
      expect(wasm.loss[r].length).toBe(30);
      expect(wasm.loss[r].every(Number.isFinite)).toBe(true);
      for (let k = 0; k < 30; k++) expect(Math.abs(wasm.loss[r][k] - cpu.loss[r][k])).toBeLessThan(1e-4 * Math.max(1, Math.abs(cpu.loss[r][k])));
      let maxDiff = 0;
      for (let i = 0; i < cpu.theta[r].length; i++) maxDiff = Math.max(maxDiff, Math.abs(cpu.theta[r][i] - wasm.theta[r][i]));
      expect(maxDiff).toBeLessThan(1e-3);
    }
    // Training moved the weights: the comparison is not between two untouched initialisations.
    expect(Math.abs(cpu.loss[0][29] - cpu.loss[0][0])).toBeGreaterThan(1e-3);
  }, 60_000);
});
