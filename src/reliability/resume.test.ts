/**
 * Crash recovery, engine side (issue 7): a worker that replaced a crashed one loads the experiment
 * with `resume` and continues each run from the point the page last received; and out-of-memory
 * errors of the tensor path reach the page with advice.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { Runner } from '../run/runner';
import { Session, type Clock } from '../worker/session';
import { decodeFrame } from '../worker/frame';
import type { FromWorker } from '../worker/protocol';
import type { Experiment } from '../experiment/types';
import { MODEL_MAKERS } from '../models/registry';
import { MODEL_CATALOG } from '../models/catalog';
import { makeRng } from '../rng';
import { TensorRunner } from '../tensor/tensorRunner';
import { isOutOfMemory, withMemoryAdvice } from '../tensor/memoryAdvice';

const noisy: Experiment = {
  version: 1,
  problem: 'linear-regression',
  data: { generator: 'linear', n: 40, d: 1, noise: 0.5, seed: 3 },
  runs: [
    { label: 'SGD', optimizer: 'sgd', hyper: { lr: 0.05 }, batchSize: 4 },
    { label: 'Adam', optimizer: 'adam', hyper: { lr: 0.05 }, batchSize: 4 },
  ],
  steps: 300,
  record: 'all',
};

describe('Runner.resumeRun', () => {
  it('continues plain SGD (no optimizer state) bit for bit: same θ and same batches as without the crash', () => {
    const whole = new Runner(noisy);
    whole.runToEnd();
    const first = new Runner(noisy);
    first.advance(137);
    const resumed = new Runner(noisy);
    resumed.resumeRun(0, { t: first.runs[0].t, status: 'ok', theta: Array.from(first.runs[0].theta) });
    resumed.resumeRun(1, { t: first.runs[1].t, status: 'ok', theta: Array.from(first.runs[1].theta) });
    expect(resumed.runs.map((r) => r.t)).toEqual([137, 137]);
    expect(resumed.runs[0].recorder.length).toBe(0); // the page keeps the history before the crash
    resumed.runToEnd();
    expect(Array.from(resumed.runs[0].theta)).toEqual(Array.from(whole.runs[0].theta));
    expect(resumed.runs[0].recorder.step[0]).toBe(138);
    // Adam's moments restart, so it ends elsewhere, but it ends finished and finite.
    expect(resumed.runs[1].status).toBe('done');
    expect(Array.from(resumed.runs[1].theta).every(Number.isFinite)).toBe(true);
  });

  it('keeps a diverged run stopped with its reason, and a run resumed at its last step done', () => {
    const r = new Runner(noisy);
    r.resumeRun(0, { t: 20, status: 'diverged', reason: 'diverged at step 20: loss Infinity', divergedAt: 20, theta: [0, 0] });
    r.resumeRun(1, { t: 300, status: 'ok', theta: [1, 1] });
    expect(r.runs[0].status).toBe('diverged');
    expect(r.runs[0].reason).toMatch(/step 20/);
    expect(r.runs[1].status).toBe('done');
    expect(r.done).toBe(true);
    expect(r.advance(10)).toBe(0);
  });

  it('refuses a point of the wrong dimension with a message', () => {
    const r = new Runner(noisy);
    expect(() => r.resumeRun(0, { t: 3, status: 'ok', theta: [1, 2, 3] })).toThrow(/resume: run 0 has 2 parameters, got 3/);
  });
});

describe('worker session: load with resume', () => {
  const queue: (() => void)[] = [];
  let now = 0;
  const clock: Clock = { now: () => (now += 5), later: (fn) => void queue.push(fn) };

  it('answers loaded, then streams only steps after the resume point, from the resumed θ', () => {
    const msgs: FromWorker[] = [];
    const s = new Session((m) => void msgs.push(m), clock);
    s.handle({
      type: 'load', gen: 7, experiment: noisy,
      resume: [{ t: 50, status: 'ok', theta: [0.25, -0.5] }, { t: 50, status: 'ok', theta: [0.1, 0.2] }],
    });
    expect(msgs.map((m) => m.type)).toEqual(['loaded', 'frame']);
    const first = msgs[1] as Extract<FromWorker, { type: 'frame' }>;
    expect(first.counts).toEqual([0, 0]); // nothing new yet: the page holds steps 0..50
    expect(first.runs.map((r) => r.step)).toEqual([50, 50]);
    s.handle({ type: 'ack', gen: 7 });
    s.handle({ type: 'step', gen: 7, n: 5 });
    const frame = msgs[2] as Extract<FromWorker, { type: 'frame' }>;
    const pts = decodeFrame(frame.buffer, frame.counts, frame.dim);
    expect(Array.from(pts[0].step)).toEqual([51, 52, 53, 54, 55]);
    expect(frame.runs.map((r) => r.step)).toEqual([55, 55]);
  });

  it('reports a resume point it cannot use as an error, not a throw', () => {
    const msgs: FromWorker[] = [];
    const s = new Session((m) => void msgs.push(m), clock);
    expect(() => s.handle({ type: 'load', gen: 1, experiment: noisy, resume: [{ t: 5, status: 'ok', theta: [1] }] })).not.toThrow();
    expect(msgs[0]).toMatchObject({ type: 'error', message: expect.stringMatching(/resume: run 0 has 2 parameters, got 1/) });
  });
});

describe('out of memory on the tensor path', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each([
    new RangeError('Array buffer allocation failed'),
    new RangeError('Invalid typed array length: 4294967296'),
    new Error('Failed to allocate texture of size 16384x16384'),
    new Error('WebGPU: Buffer size (4294967296) exceeds the max buffer size limit (2147483648)'),
    new Error('GL_OUT_OF_MEMORY'),
  ])('%s gets advice on what to reduce', (err) => {
    expect(isOutOfMemory(err)).toBe(true);
    expect(withMemoryAdvice(err, 'training').message).toMatch(/^out of memory while training .*reduce the model \(n_embd, n_layer, block_size/);
  });

  it('leaves other errors alone', () => {
    const err = new Error('runs[0].batchSize: 9 is larger than the 7 samples');
    expect(isOutOfMemory(err)).toBe(false);
    expect(withMemoryAdvice(err, 'training')).toBe(err);
  });

  it('an allocation failure inside a training step rejects advanceAsync with the advice', async () => {
    const params: Record<string, number> = {};
    for (const [k, p] of Object.entries(MODEL_CATALOG.mlp.params)) params[k] = p.default;
    const root = makeRng(0);
    const built = MODEL_MAKERS.mlp(params, undefined, { data: root.fork('data'), batches: root.fork('batches'), sampling: 'shuffle' });
    let calls = 0;
    const model = { ...built.model, batch: (k: number, b: number) => {
      if (++calls > 3) throw new RangeError('Array buffer allocation failed');
      return built.model.batch(k, b);
    } } as typeof built.model;
    const runner = new TensorRunner({ version: 1, problem: 'mlp', runs: [{ label: 'Adam', optimizer: 'adam', hyper: { lr: 0.01 } }], steps: 50 }, model, built.n);
    await expect(runner.advanceAsync(10)).rejects.toThrow(/out of memory while training \(Array buffer allocation failed\): reduce the model/);
    runner.dispose();
  });
});
