/**
 * The character GPT on the tensor path (TF.js cpu backend, float32): layout and init, shapes, the
 * initial loss ln V, causality, reverse-mode gradients vs central differences, dropout only in
 * training, training with the project's optimizers on shared batches, and no tensor leak.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { makeRng } from '../rng';
import { TensorRun } from '../tensor/trainer';
import { batchTensors } from './model';
import { generateCorpus } from './corpus';
import { makeCharData } from './charData';
import { CharTransformer, countParams, TRANSFORMER_DEFAULT, TRANSFORMER_TINY, transformerLayout, type ModelSize } from './transformer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const data = makeCharData(generateCorpus(800));
const V = data.vocabSize;
const make = (size: Partial<ModelSize> = {}, seed = 5) => new CharTransformer(data, { ...TRANSFORMER_TINY, ...size }, makeRng(seed));
const theta0 = (m: CharTransformer, seed = 5) => m.initParams(makeRng(seed).fork('init'));
const lossAt = (m: CharTransformer, th: Float32Array, b: ReturnType<CharTransformer['batch']>) =>
  tf.tidy(() => m.loss(tf.tensor1d(th), b).dataSync()[0]);

describe('layout and initialisation', () => {
  it('is contiguous and P = 2VC + T·C + L(12C² + 13C) + 2C + V', () => {
    for (const size of [TRANSFORMER_TINY, TRANSFORMER_DEFAULT, { ...TRANSFORMER_TINY, nLayer: 3, nEmbd: 24, nHead: 3 }]) {
      const c = { ...size, vocabSize: V };
      const layout = transformerLayout(c);
      let end = 0;
      for (const e of layout) {
        expect(e.offset).toBe(end);
        end += e.shape.reduce((a, b) => a * b, 1);
      }
      expect(end).toBe(countParams(c));
    }
    expect(countParams({ ...TRANSFORMER_DEFAULT, vocabSize: 47 })).toBe(110_255);
    expect(make().layout.map((e) => e.name).slice(0, 4)).toEqual([
      'token_embedding_table.weight', 'position_embedding_table.weight', 'blocks.0.ln1.weight', 'blocks.0.ln1.bias',
    ]);
  });

  it('draws weights from N(0, 0.02²), zero biases, unit LayerNorm gains', () => {
    const m = make({ nEmbd: 32 });
    const th = theta0(m);
    const block = (name: string) => {
      const e = m.layout.find((x) => x.name === name)!;
      return th.subarray(e.offset, e.offset + e.shape.reduce((a, b) => a * b, 1));
    };
    const w = block('blocks.1.ffwd.fc.weight');
    const std = Math.sqrt(w.reduce((a, x) => a + x * x, 0) / w.length);
    expect(std).toBeGreaterThan(0.019);
    expect(std).toBeLessThan(0.021);
    expect(block('blocks.1.ffwd.fc.bias').every((x) => x === 0)).toBe(true);
    expect(block('ln_f.weight').every((x) => x === 1)).toBe(true);
    expect(block('ln_f.bias').every((x) => x === 0)).toBe(true);
    expect(theta0(m)).toEqual(th);
  });

  it('refuses bad configurations and θ of the wrong shape with clear messages', () => {
    expect(() => make({ nEmbd: 10, nHead: 4 })).toThrow(/multiple of nHead/);
    expect(() => make({ dropout: 1 })).toThrow(/dropout/);
    expect(() => new CharTransformer(makeCharData('abcdefghij'.repeat(10)), { blockSize: 16 }, makeRng(1))).toThrow(/validation part has 10/);
    const m = make();
    expect(() => tf.tidy(() => m.forward(tf.zeros([3]), tf.zeros([1, 4], 'int32')))).toThrow(/θ must have shape/);
  });
});

describe('forward pass', () => {
  const m = make();
  const th = theta0(m);

  it('gives logits [B, T, V] and an initial loss ≈ ln V', () => {
    const b = m.batch(0, 4);
    const shape = tf.tidy(() => m.forward(tf.tensor1d(th), b.x).shape);
    expect(shape).toEqual([4, TRANSFORMER_TINY.blockSize, V]);
    expect(Math.abs(lossAt(m, th, b) - Math.log(V))).toBeLessThan(0.3);
    expect(Math.abs(m.evaluate(th, 'val') - Math.log(V))).toBeLessThan(0.3);
    tf.dispose(batchTensors(b));
  });

  it('is causal: changing token t changes no logit before t, and changes those from t on', () => {
    const big = make({ activation: 'gelu' });
    const r = makeRng(9);
    const t = new Float32Array(big.dim).map((_, i) => th[i] + 0.3 * r.normal()); // far from init: strong mixing
    const T = 12;
    const x = Int32Array.from({ length: T }, (_, i) => (i * 7) % V);
    const y = x.slice();
    y[8] = (x[8] + 5) % V;
    const [a, b] = [x, y].map((ids) => tf.tidy(() => big.forward(tf.tensor1d(t), tf.tensor2d(ids, [1, T], 'int32')).dataSync()));
    const diff = (pos: number) => Math.max(...Array.from({ length: V }, (_, v) => Math.abs(a[pos * V + v] - b[pos * V + v])));
    for (let pos = 0; pos < 8; pos++) expect(diff(pos)).toBe(0);
    for (let pos = 8; pos < T; pos++) expect(diff(pos)).toBeGreaterThan(1e-4);
  });
});

describe('gradients', () => {
  it('reverse mode agrees with central differences (h = 1e-2) on every block', () => {
    const m = make({ activation: 'gelu' }); // smooth, so differences converge
    const r = makeRng(9);
    // Off init (where attention is flat and the query gradients drown in float32 rounding).
    const th = theta0(m).map((x) => x + 0.1 * r.normal());
    const b = m.batch(0, 4);
    const g = tf.tidy(() => tf.grad((t: tf.Tensor) => m.loss(t, b))(tf.tensor1d(th)).dataSync() as Float32Array);
    const h = 1e-2;
    for (const e of m.layout) {
      const n = e.shape.reduce((a, c) => a * c, 1);
      let i = e.offset; // the block's largest coordinate: clear of float32 rounding in the difference
      for (let j = e.offset; j < e.offset + n; j++) if (Math.abs(g[j]) > Math.abs(g[i])) i = j;
      if (e.name.endsWith('sa.key.bias')) {
        // q·(k + b) = q·k + q·b is constant along a softmax row: the key bias has no gradient.
        expect(Math.abs(g[i]), e.name).toBeLessThan(1e-6);
        continue;
      }
      const plus = th.slice();
      const minus = th.slice();
      plus[i] += h;
      minus[i] -= h;
      const fd = (lossAt(m, plus, b) - lossAt(m, minus, b)) / (2 * h);
      expect(Math.sign(fd), e.name).toBe(Math.sign(g[i]));
      expect(Math.abs(fd - g[i]) / Math.abs(g[i]), e.name).toBeLessThan(0.05);
    }
    // Along a random direction d: (f(θ + hd) − f(θ − hd))/2h ≈ ∇f·d.
    const rd = makeRng(11);
    const d = new Float32Array(m.dim).map(() => rd.normal() / Math.sqrt(m.dim));
    const dirFd = (lossAt(m, th.map((x, j) => x + h * d[j]), b) - lossAt(m, th.map((x, j) => x - h * d[j]), b)) / (2 * h);
    const gd = g.reduce((a, x, j) => a + x * d[j], 0);
    expect(Math.abs(dirFd - gd) / Math.abs(gd)).toBeLessThan(0.05);
    tf.dispose(batchTensors(b));
  });
});

describe('dropout', () => {
  it('acts in training only, with masks fixed by the batch', () => {
    const m = make({ dropout: 0.3 });
    const plain = make({ dropout: 0 });
    const th = theta0(m).map((x, i) => x + 0.05 * Math.sin(i)); // some structure, so masks matter
    const b = m.batch(3, 4);
    const train = lossAt(m, th, b);
    expect(lossAt(m, th, b)).toBe(train); // same batch, same masks
    const evalMode = lossAt(m, th, { x: b.x, y: b.y });
    expect(evalMode).toBe(lossAt(plain, th, b));
    expect(train).not.toBe(evalMode);
    expect(lossAt(m, th, { ...b, dropoutKey: 4 })).not.toBe(train);
    expect(m.evaluate(th, 'val')).toBe(plain.evaluate(th, 'val'));
    expect(m.evaluate(th, 'val')).toBe(m.evaluate(th, 'val'));
    tf.dispose(batchTensors(b));
  });
});

/** Trains `steps` updates of batch size B; returns the per-step losses and the run's final θ. */
function train(m: CharTransformer, optimizer: string, hyper: Record<string, number>, steps: number, B = 8) {
  const run = new TensorRun(m, optimizer, hyper, undefined, tf.tensor1d(theta0(m)));
  for (let k = 0; k < steps; k++) {
    const b = m.batch(k, B);
    run.step(b);
    tf.dispose(batchTensors(b));
  }
  const metrics = run.drainMetrics();
  const val = m.evaluate(run.theta.t, 'val');
  run.dispose();
  return { ...metrics, val };
}

describe('training with the project’s optimizers', () => {
  it('Adam (lr 3e-3) lowers the train loss clearly within 100 steps', () => {
    const { loss, val } = train(make(), 'adam', { lr: 3e-3 }, 100);
    const last = loss.subarray(90).reduce((a, x) => a + x, 0) / 10;
    expect(loss[0]).toBeGreaterThan(Math.log(V) - 0.3);
    expect(last).toBeLessThan(loss[0] - 0.8);
    expect(val).toBeLessThan(loss[0] - 0.6);
  });

  it('SGD and Polyak run on the same batches without NaN', () => {
    const sgd = train(make(), 'sgd', { lr: 0.1 }, 40);
    const polyak = train(make(), 'polyak', {}, 40);
    expect(polyak.loss[0]).toBe(sgd.loss[0]); // same θ₀, same batch 0
    for (const r of [sgd, polyak]) {
      expect(r.loss.every(Number.isFinite)).toBe(true);
      expect(r.stepSize.every(Number.isFinite)).toBe(true);
      expect(Number.isFinite(r.val)).toBe(true);
    }
    expect(sgd.loss.subarray(30).reduce((a, x) => a + x, 0) / 10).toBeLessThan(sgd.loss[0] - 0.3);
    expect(Math.max(...polyak.stepSize)).toBeGreaterThan(0.1); // f* = 0: large steps
  });

  it('keeps tf.memory().numTensors flat over many steps, evaluations included', () => {
    const m = make({ dropout: 0.1 });
    const run = new TensorRun(m, 'adam', { lr: 1e-3 }, undefined, tf.tensor1d(theta0(m)));
    const step = (k: number) => {
      const b = m.batch(k, 4);
      run.step(b);
      tf.dispose(batchTensors(b));
    };
    for (let k = 0; k < 5; k++) step(k);
    run.drainMetrics();
    m.evaluate(run.theta.t, 'train', 1, 4);
    const during = tf.memory().numTensors;
    for (let k = 5; k < 200; k++) {
      step(k);
      if (k % 25 === 0) {
        run.drainMetrics();
        m.evaluate(run.theta.t, 'val', 2, 4);
      }
    }
    run.drainMetrics();
    expect(tf.memory().numTensors).toBe(during);
    run.dispose();
    m.dispose();
  });
});
