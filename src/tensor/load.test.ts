/**
 * The tensor path end to end in Node: the worker session loads neural-model experiments through the
 * real loader (backend selection falls back to the cpu backend here: no WebGPU, no WebGL in Node),
 * trains them, streams frames and evaluations, and samples text.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Session, type Clock, type TensorLoader } from '../worker/session';
import { decodeFrame } from '../worker/frame';
import type { FromWorker } from '../worker/protocol';
import type { Experiment } from '../experiment/types';
import { loadTensorEngine } from './load';
import type { TensorRunner } from './tensorRunner';

const clock: Clock = { now: () => performance.now(), later: (fn) => setTimeout(fn, 0) };

function start(experiment: Experiment) {
  const msgs: FromWorker[] = [];
  const session = new Session((m) => void msgs.push(m), clock);
  session.handle({ type: 'load', gen: 1, experiment });
  const until = async (pred: () => boolean, ms = 60_000) => {
    const t0 = Date.now();
    while (!pred()) {
      if (Date.now() - t0 > ms) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  const frames = () => msgs.filter((m) => m.type === 'frame') as Extract<FromWorker, { type: 'frame' }>[];
  return { msgs, session, until, frames };
}

describe('tensor path through the worker session', () => {
  it('loads the S10 MLP on a fallback backend, trains it, and its loss falls 10×', async () => {
    const { msgs, session, until, frames } = start({
      version: 1, problem: 'mlp', problemParams: { depth: 2, width: 10, activation: 0 },
      runs: [{ label: 'Adam', optimizer: 'adam', hyper: { lr: 0.1 } }, { label: 'SGD', optimizer: 'sgd', hyper: { lr: 0.05 } }],
      steps: 300, seed: 1,
    });
    await until(() => msgs.some((m) => m.type === 'loaded' || m.type === 'error'));
    const loaded = msgs.find((m) => m.type === 'loaded') as Extract<FromWorker, { type: 'loaded' }>;
    expect(loaded, JSON.stringify(msgs.find((m) => m.type === 'error'))).toBeDefined();
    expect(loaded.info.path).toBe('tensor');
    expect(loaded.info.backend?.name).toBe('wasm'); // Node has no WebGPU or WebGL
    expect(loaded.info.backend?.refused.map((r) => r.name)).toEqual(['webgpu', 'webgl']);
    expect(loaded.info.dim).toBe(141);
    expect(loaded.info.data?.x.length).toBe(7);
    session.handle({ type: 'play', gen: 1 });
    await until(() => {
      session.handle({ type: 'ack', gen: 1 });
      return frames().at(-1)?.done === true;
    });
    const losses: number[] = [];
    for (const f of frames()) losses.push(...decodeFrame(f.buffer, f.counts, f.dim)[0].loss);
    const finite = losses.filter(Number.isFinite);
    expect(finite.length).toBe(300);
    expect(finite.at(-1)!).toBeLessThan(finite[0] / 10);
  });

  it('trains a small character transformer: reports train/validation loss, and samples text', async () => {
    const { msgs, session, until, frames } = start({
      version: 1, problem: 'transformer',
      problemParams: { n_embd: 16, n_head: 2, n_layer: 1, block_size: 16, dropout: 0, eval_every: 20 },
      data: { generator: 'toddler', n: 400 },
      runs: [{ label: 'Adam', optimizer: 'adam', hyper: { lr: 0.01 }, batchSize: 16 }],
      steps: 60,
    });
    await until(() => msgs.some((m) => m.type === 'loaded' || m.type === 'error'));
    const loaded = msgs.find((m) => m.type === 'loaded') as Extract<FromWorker, { type: 'loaded' }>;
    expect(loaded, JSON.stringify(msgs.find((m) => m.type === 'error'))).toBeDefined();
    expect(loaded.info.parameters).toBeGreaterThan(1000);
    session.handle({ type: 'play', gen: 1 });
    await until(() => {
      session.handle({ type: 'ack', gen: 1 });
      return frames().at(-1)?.done === true;
    });
    const evals = frames().flatMap((f) => f.evaluations ?? []);
    expect(evals.map((e) => e.step)).toEqual([20, 40, 60]);
    expect(evals[2].values.train).toBeLessThan(evals[0].values.train);
    expect(Number.isFinite(evals[2].values.val)).toBe(true);
    session.handle({ type: 'sample', gen: 1, run: 0, seed: 3, length: 40, temperature: 0.8 });
    await until(() => msgs.some((m) => m.type === 'sample'));
    const sample = msgs.find((m) => m.type === 'sample') as Extract<FromWorker, { type: 'sample' }>;
    expect(sample.text.length).toBeGreaterThanOrEqual(40);
  });

  it('reports a bad model configuration with the field', async () => {
    const { msgs, until } = start({ version: 1, problem: 'transformer', problemParams: { n_embd: 18, n_head: 4 }, runs: [{ label: 'x', optimizer: 'adam' }] });
    await until(() => msgs.length > 0);
    expect(msgs[0]).toMatchObject({ type: 'error', message: expect.stringMatching(/problemParams\.n_head: 4 heads must divide n_embd = 18/) });
  });
});

describe('analyses on the tensor path', () => {
  it('S10: the landscape around a trained MLP, one batched grid, with its trajectory on the slice', async () => {
    const { msgs, session, until, frames } = start({
      version: 1, problem: 'mlp', runs: [{ label: 'Adam', optimizer: 'adam', hyper: { lr: 0.1 } }], steps: 200, seed: 4,
    });
    await until(() => msgs.some((m) => m.type === 'loaded'));
    session.handle({ type: 'play', gen: 1 });
    await until(() => {
      session.handle({ type: 'ack', gen: 1 });
      return frames().at(-1)?.done === true;
    });
    session.handle({ type: 'landscape', gen: 1, run: 0, grid: 21, span: 1, scaling: 'global', seed: 7 });
    await until(() => msgs.some((m) => m.type === 'landscape'));
    const l = msgs.find((m) => m.type === 'landscape') as Extract<FromWorker, { type: 'landscape' }>;
    expect(l.type).toBe('landscape');
    expect(l.z.length).toBe(21 * 21);
    // The centre of the grid is θ itself: its loss is the (full-batch) loss at the end of training.
    const lastLoss = frames().flatMap((f) => Array.from(decodeFrame(f.buffer, f.counts, f.dim)[0].loss)).filter(Number.isFinite).at(-1)!;
    expect(l.center).toBeCloseTo(lastLoss, 2);
    expect(l.z[10 * 21 + 10]).toBeCloseTo(l.center, 4);
    expect(l.line[10]).toBeCloseTo(l.center, 4);
    // Every streamed θ (one per frame, plus the start) is on the path; the last one is the centre (0, 0).
    expect(l.path.a.length).toBeGreaterThan(1);
    expect(l.path.a.at(-1)).toBeCloseTo(0, 5);
    expect(l.path.b.at(-1)).toBeCloseTo(0, 5);
  });

  it('S13: the β₁ × β₂ grid reports every cell with its time, final and minimum loss', async () => {
    const { msgs, session, until } = start({ version: 1, problem: 'classifier', runs: [{ label: 'Adam', optimizer: 'adam', hyper: { lr: 0.01 }, batchSize: 8 }], steps: 10 });
    await until(() => msgs.some((m) => m.type === 'loaded' || m.type === 'error'));
    expect(msgs.find((m) => m.type === 'error')).toBeUndefined();
    session.handle({ type: 'betaGrid', gen: 1, beta1s: [0.7, 0.9], beta2s: [0.9, 0.99], steps: 50, lr: 0.01, batchSize: 8, hidden: 0, seed: 1 });
    await until(() => msgs.some((m) => m.type === 'betaGrid' && m.done));
    const grids = msgs.filter((m) => m.type === 'betaGrid') as Extract<FromWorker, { type: 'betaGrid' }>[];
    expect(grids.length).toBe(5); // four progress messages, then the whole grid
    const final = grids.at(-1)!;
    expect(final.done).toBe(true);
    expect(final.cells.map((c) => [c.beta1, c.beta2])).toEqual([[0.7, 0.9], [0.7, 0.99], [0.9, 0.9], [0.9, 0.99]]);
    for (const c of final.cells) {
      expect(c.minLoss).toBeLessThanOrEqual(c.finalLoss);
      expect(c.timeMs).toBeGreaterThan(0);
    }
  });
});

describe('a lost WebGPU device', () => {
  it('falls back to the next backend and continues every run from its last step, keeping the history', async () => {
    const { loadTensorEngine } = await import('./load');
    let lose: ((reason: string) => void) | undefined;
    const calls: { exclude?: unknown; resume?: { t: number }[] }[] = [];
    const loader: TensorLoader = async (e, opts) => {
      calls.push({ exclude: opts?.exclude, resume: opts?.resume });
      lose = opts?.onDeviceLost;
      return loadTensorEngine(e, { ...opts, onDeviceLost: undefined });
    };
    const msgs: FromWorker[] = [];
    const session = new Session((m) => void msgs.push(m), clock, loader);
    session.handle({ type: 'load', gen: 1, experiment: { version: 1, problem: 'mlp', runs: [{ label: 'Adam', optimizer: 'adam', hyper: { lr: 0.1 } }], steps: 120 } });
    const until = async (pred: () => boolean) => {
      for (let i = 0; i < 20_000 && !pred(); i++) await new Promise((r) => setTimeout(r, 1));
      expect(pred()).toBe(true);
    };
    await until(() => msgs.some((m) => m.type === 'loaded'));
    const frameCount = () => msgs.filter((m) => m.type === 'frame').length;
    session.handle({ type: 'ack', gen: 1 });
    session.handle({ type: 'step', gen: 1, n: 50 });
    await until(() => frameCount() === 2);
    session.handle({ type: 'ack', gen: 1 });
    lose!('simulated: device destroyed');
    await until(() => msgs.some((m) => m.type === 'backend'));
    expect(calls[1].exclude).toEqual([{ name: 'webgpu', reason: 'device lost: simulated: device destroyed' }]);
    expect(calls[1].resume?.[0].t).toBe(50);
    expect((msgs.find((m) => m.type === 'notice') as { message: string }).message).toMatch(/device was lost .* from step 50/);
    session.handle({ type: 'ack', gen: 1 });
    session.handle({ type: 'step', gen: 1, n: 100 });
    await until(() => (msgs.filter((m) => m.type === 'frame').at(-1) as Extract<FromWorker, { type: 'frame' }>).runs[0].step === 120);
    const frames = msgs.filter((m) => m.type === 'frame') as Extract<FromWorker, { type: 'frame' }>[];
    const steps = frames.flatMap((f) => Array.from(decodeFrame(f.buffer, f.counts, f.dim)[0].step));
    expect(frames.at(-1)!.runs[0]).toMatchObject({ step: 120, status: 'done' });
    // The history continues without a repeated step: 0, 1, …, 120 exactly once each.
    expect(steps).toEqual(Array.from({ length: 121 }, (_, i) => i));
    expect(msgs.filter((m) => m.type === 'loaded').length).toBe(1);
  });
});

describe('batched sweep command', () => {
  it('sweeps the loaded MLP over seeds as one program and returns one loss curve per row', async () => {
    const { msgs, session, until } = start({ version: 1, problem: 'mlp', runs: [{ label: 'SGD', optimizer: 'sgd', hyper: { lr: 0.05 } }], steps: 10 });
    await until(() => msgs.some((m) => m.type === 'loaded'));
    session.handle({ type: 'sweep', gen: 1, optimizer: 'adam', hyper: { lr: 0.05 }, seeds: [0, 1, 2, 3, 4, 5, 6, 7], steps: 100, batchSize: 7 });
    await until(() => msgs.some((m) => m.type === 'sweep'));
    const out = msgs.find((m) => m.type === 'sweep') as Extract<FromWorker, { type: 'sweep' }>;
    expect(out.type).toBe('sweep');
    expect(out.rows.length).toBe(8);
    expect(out.loss[0].length).toBe(100);
    for (const r of out.rows) expect(r.finalLoss).toBeLessThan(out.loss[out.rows.indexOf(r)][0]);
    // Different seeds start from different weights.
    expect(new Set(out.loss.map((l) => l[0])).size).toBe(8);
  });
});

describe('the loader', () => {
  // The backend probe (1 + 1) once left its two operands behind: 2 tensors per load, so per reload.
  it.each(['mlp', 'classifier', 'transformer', 'polynomial'])('%s: load, 5 steps, dispose leaves tf.memory().numTensors where it was', async (problem) => {
    const experiment: Experiment = {
      version: 1, problem, precision: 'float32', backend: 'cpu', seed: 3,
      runs: [{ label: 'Adam', optimizer: 'adam', hyper: { lr: 0.01 }, batchSize: 4 }, { label: 'SGD', optimizer: 'sgd', hyper: { lr: 0.01 }, batchSize: 4 }],
      ...(problem === 'transformer' ? { problemParams: { n_embd: 8, n_head: 2, n_layer: 1, block_size: 8, eval_every: 2 }, data: { generator: 'toddler', n: 400 } } : {}),
    };
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const engine = (await loadTensorEngine(experiment)).engine as TensorRunner;
    // The transformer reports its evaluations asynchronously (a readback), the others synchronously.
    expect(await engine.advanceAsync(5)).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    engine.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
