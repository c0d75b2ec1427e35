/**
 * S13: the two-class data, the neuron classifiers (forward and loss by hand, training with SGD, SGD+
 * and Adam through TensorRun), the β₁ × β₂ grid.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { makeRng } from '../rng';
import { TensorRun } from '../tensor/trainer';
import { batchTensors } from './model';
import { makeNeuronClassifier, runBetaGrid } from './classifier';
import { makeTwoClassData, TWO_CLASS_DEFAULTS } from './twoClass';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('two-class data', () => {
  it('class 0 ~ N(2, 1), class 1 ~ N(4, 2²) per feature, 4 features, labels 0/1, deterministic', () => {
    const d = makeTwoClassData(makeRng(1));
    expect([d.n, d.d, d.x.length]).toEqual([5000, 4, 20000]);
    expect(makeTwoClassData(makeRng(1)).x).toEqual(d.x);
    const stats = (cls: number) => {
      const v = Array.from(d.x).filter((_, i) => d.y[Math.floor(i / 4)] === cls);
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      return [v.length / 4, mean, Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length)];
    };
    const [n0, m0, s0] = stats(0), [n1, m1, s1] = stats(1);
    expect([n0, n1]).toEqual([2500, 2500]);
    expect(m0).toBeCloseTo(TWO_CLASS_DEFAULTS.mean0, 1);
    expect(s0).toBeCloseTo(1, 1);
    expect(m1).toBeCloseTo(4, 1);
    expect(s1).toBeCloseTo(2, 1);
  });
});

describe('neuron classifiers', () => {
  it('one neuron: p = sigmoid(wᵀx + b) and the MSE on the labels, by hand', () => {
    const data = { x: Float32Array.from([1, 2, 0, -1, 0.5, 0, 1, 1]), y: Float32Array.from([1, 0]), n: 2, d: 4 };
    const m = makeNeuronClassifier({ hidden: [], data });
    expect(m.dim).toBe(5);
    expect(m.layout.map((e) => e.name)).toEqual(['linear1.weight', 'linear1.bias']);
    const theta = Float32Array.from([0.1, -0.2, 0.3, 0.4, -0.5]);
    const sig = (z: number) => 1 / (1 + Math.exp(-z));
    const p = [sig(0.1 - 0.4 + 0 - 0.4 - 0.5), sig(0.05 + 0 + 0.3 + 0.4 - 0.5)];
    const b = m.batch(0, 8);
    const got = tf.tidy(() => m.forward(tf.tensor1d(theta), b.x).dataSync());
    expect(got[0]).toBeCloseTo(p[0], 6);
    expect(got[1]).toBeCloseTo(p[1], 6);
    const loss = ((p[0] - 1) ** 2 + p[1] ** 2) / 2;
    expect(tf.tidy(() => m.loss(tf.tensor1d(theta), b).dataSync()[0])).toBeCloseTo(loss, 6);
    expect(m.fullLoss(theta)[0]).toBeCloseTo(loss, 6);
    expect(m.accuracy(theta)[0]).toBe((Number(p[0] >= 0.5) + Number(p[1] < 0.5)) / 2);
    tf.dispose(batchTensors(b));
    m.dispose();
  });

  it.each([
    ['one neuron, Adam', [], 'adam', { lr: 0.05 }],
    ['4-2-1, Adam', [2], 'adam', { lr: 0.05 }],
    ['4-2-1, SGD+ (μ = 0.9)', [2], 'sgd', { lr: 0.1, momentum: 0.9 }],
  ] as const)('%s, batch 8: well-separated classes reach accuracy ≥ 0.97', (_name, hidden, optimizer, hyper) => {
    const data = makeTwoClassData(makeRng('sep'), { n: 400, mean0: 0, sd0: 1, mean1: 3, sd1: 1 });
    const m = makeNeuronClassifier({ hidden: [...hidden], data, batchRng: makeRng(2).fork('batches') });
    const start = tf.tensor1d(m.initParams(makeRng(3)));
    const run = new TensorRun(m, optimizer, { ...hyper }, undefined, start, m.stepsPerEpoch(8));
    start.dispose();
    const before = m.fullLoss(run.readTheta())[0];
    for (let k = 0; k < 600; k++) {
      const b = m.batch(k, 8);
      run.step(b);
      tf.dispose(batchTensors(b));
    }
    run.drainMetrics();
    const theta = run.readTheta();
    expect(m.accuracy(theta)[0]).toBeGreaterThanOrEqual(0.97);
    expect(m.fullLoss(theta)[0]).toBeLessThan(before / 3);
    run.dispose();
    m.dispose();
  });

  it('batched [R, P] full loss and accuracy, one per run', () => {
    const data = makeTwoClassData(makeRng(4), { n: 100 });
    const m = makeNeuronClassifier({ hidden: [3], data });
    const a = m.initParams(makeRng(5)), b = m.initParams(makeRng(6));
    const both = Float32Array.from([...a, ...b]);
    const l = m.fullLoss(both), acc = m.accuracy(both);
    expect(l.length).toBe(2);
    expect(l[1]).toBeCloseTo(m.fullLoss(b)[0], 6);
    expect(acc[0]).toBeCloseTo(m.accuracy(a)[0], 6);
    m.dispose();
  });
});

describe('Adam β₁ × β₂ grid', () => {
  it('one cell per pair, β₁ outer, finite losses and times, no tensor left behind', async () => {
    const before = tf.memory().numTensors;
    const data = makeTwoClassData(makeRng(7), { n: 200 });
    const seen: number[] = [];
    const cells = await runBetaGrid({ beta1s: [0.7, 0.9, 0.99], beta2s: [0.7, 0.9, 0.99], steps: 60, lr: 1e-2, batchSize: 8, seed: 1, data, drainEvery: 25, onCell: (_c, i) => seen.push(i) });
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(cells.map((c) => [c.beta1, c.beta2])).toEqual([0.7, 0.9, 0.99].flatMap((b1) => [0.7, 0.9, 0.99].map((b2) => [b1, b2])));
    for (const c of cells) {
      expect(Number.isFinite(c.finalLoss) && Number.isFinite(c.minLoss) && Number.isFinite(c.fullLoss)).toBe(true);
      expect(c.minLoss).toBeLessThanOrEqual(c.finalLoss);
      expect(c.timeMs).toBeGreaterThan(0);
    }
    // Same data, batches and θ₀: cells differ only through the betas.
    expect(new Set(cells.map((c) => c.fullLoss)).size).toBeGreaterThan(1);
    expect(tf.memory().numTensors).toBe(before);
  });
});
