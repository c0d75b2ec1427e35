/**
 * The MLP of S10 on the tensor path (cpu backend in Node): layout and PyTorch init, forward and loss
 * and their gradients against an independent float64 forward/backprop, batched [R, P] ≡ R single runs,
 * the batch stream, fitting the 7 points with SGD and Adam through TensorRun, and no tensor leak.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { makeRng } from '../rng';
import { TensorRun } from '../tensor/trainer';
import { batchTensors } from './model';
import { denseForward, initDense, makeMlp, mse, sevenPoints, type Activation } from './mlp';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Float64 forward + backprop of a dense net (the layout of mlp.ts), loss = mean of squared residuals. */
function reference(theta: ArrayLike<number>, sizes: number[], hidden: Activation, output: Activation, xs: number[][], ys: number[]) {
  const act = (z: number, a: Activation) => (a === 'relu' ? Math.max(0, z) : a === 'sigmoid4' ? 4 / (1 + Math.exp(-z)) : a === 'sigmoid' ? 1 / (1 + Math.exp(-z)) : z);
  const dact = (z: number, a: Activation) => {
    const s = 1 / (1 + Math.exp(-z));
    return a === 'relu' ? (z > 0 ? 1 : 0) : a === 'sigmoid4' ? 4 * s * (1 - s) : a === 'sigmoid' ? s * (1 - s) : 1;
  };
  const offs: number[] = [];
  for (let l = 1, o = 0; l < sizes.length; l++) { offs.push(o); o += sizes[l] * (sizes[l - 1] + 1); }
  const grad = new Float64Array(theta.length);
  let loss = 0;
  const m = xs.length, L = sizes.length - 1;
  xs.forEach((x, i) => {
    const hs: number[][] = [x], zs: number[][] = [];
    for (let l = 1; l <= L; l++) {
      const o = offs[l - 1], nIn = sizes[l - 1], z: number[] = [];
      for (let r = 0; r < sizes[l]; r++) {
        let s = theta[o + sizes[l] * nIn + r];
        for (let c = 0; c < nIn; c++) s += theta[o + r * nIn + c] * hs[l - 1][c];
        z.push(s);
      }
      zs.push(z);
      hs.push(z.map((v) => act(v, l === L ? output : hidden)));
    }
    const res = hs[L][0] - ys[i];
    loss += (res * res) / m;
    let delta = [(2 * res) / m].map((g, r) => g * dact(zs[L - 1][r], output));
    for (let l = L; l >= 1; l--) {
      const o = offs[l - 1], nIn = sizes[l - 1];
      const back = new Array<number>(nIn).fill(0);
      for (let r = 0; r < sizes[l]; r++) {
        grad[o + sizes[l] * nIn + r] += delta[r];
        for (let c = 0; c < nIn; c++) { grad[o + r * nIn + c] += delta[r] * hs[l - 1][c]; back[c] += delta[r] * theta[o + r * nIn + c]; }
      }
      if (l > 1) delta = back.map((g, c) => g * dact(zs[l - 2][c], hidden));
    }
  });
  return { loss, grad };
}

const pts = sevenPoints();
const X = pts.x.map((v) => [v]);

describe('layout and initialisation', () => {
  it('the 7 points and the flat layout of depth 2, width 10 (P = 141)', () => {
    expect(pts.x.map((v) => +v.toFixed(6))).toEqual([-1, -0.666667, -0.333333, 0, 0.333333, 0.666667, 1]);
    expect(pts.y[6]).toBeCloseTo((Math.sin(5) * Math.exp(2)) / 10, 12);
    const m = makeMlp({ widths: [10, 10] });
    expect(m.dim).toBe(141);
    expect(m.layout.map((e) => `${e.name}@${e.offset}:${e.shape.join('x')}`)).toEqual([
      'linear1.weight@0:10x1', 'linear1.bias@10:10', 'linear2.weight@20:10x10', 'linear2.bias@120:10', 'linear3.weight@130:1x10', 'linear3.bias@140:1',
    ]);
    m.dispose();
  });

  it('PyTorch default init: U(−1/√fan_in, 1/√fan_in) per layer, deterministic per seed', () => {
    const m = makeMlp({ widths: [10, 10] });
    const a = m.initParams(makeRng(1).fork('init'));
    expect(m.initParams(makeRng(1).fork('init'))).toEqual(a);
    expect(m.initParams(makeRng(2).fork('init'))).not.toEqual(a);
    for (const e of m.layout) {
      const bound = 1 / Math.sqrt(e.name.startsWith('linear1') ? 1 : 10);
      const block = Array.from(a.subarray(e.offset, e.offset + e.shape.reduce((x, y) => x * y, 1)));
      expect(Math.max(...block.map(Math.abs))).toBeLessThanOrEqual(bound);
    }
    // The bound is used, not a smaller one: layer 1's 20 values spread over most of (−1, 1).
    const big = Array.from(m.initParams(makeRng(3))).slice(0, 20).filter((v) => Math.abs(v) > 0.5);
    expect(big.length).toBeGreaterThan(3);
    m.dispose();
  });
});

describe('forward, loss and gradient against float64 backprop', () => {
  it.each([
    ['relu', [1, 10, 10, 1], 'identity'],
    ['sigmoid4', [1, 10, 10, 1], 'identity'],
    ['relu', [1, 3, 1], 'identity'],
    ['sigmoid', [4, 2, 1], 'sigmoid'],
  ] as const)('%s %j (%s output)', (hidden, sizes, output) => {
    const s = [...sizes];
    const theta = initDense(makeRng(`g${hidden}${s.length}`), s);
    const rx = makeRng('x');
    const xs = s[0] === 1 ? X : Array.from({ length: 9 }, () => Array.from({ length: s[0] }, () => 2 * rx.normal()));
    const ys = s[0] === 1 ? pts.y : xs.map((_, i) => i % 2);
    const ref = reference(theta, s, hidden, output, xs, ys);
    // The reference backprop itself against central differences in float64.
    const fd = Array.from(theta, (_, k) => {
      const tp = Float64Array.from(theta), tm = Float64Array.from(theta);
      tp[k] += 1e-6; tm[k] -= 1e-6;
      return (reference(tp, s, hidden, output, xs, ys).loss - reference(tm, s, hidden, output, xs, ys).loss) / 2e-6;
    });
    fd.forEach((g, k) => expect(Math.abs(g - ref.grad[k])).toBeLessThan(1e-6 * Math.max(1, Math.abs(g))));
    const xT = tf.tensor2d(xs), yT = tf.tensor2d(ys, [ys.length, 1]);
    const th = tf.tensor1d(theta);
    const f = (t: tf.Tensor) => mse(denseForward(t, xT, s, hidden, output), yT);
    const { value, grad } = tf.valueAndGrad(f)(th);
    expect(value.shape).toEqual([]);
    expect(value.dataSync()[0]).toBeCloseTo(ref.loss, 5);
    const g = grad.dataSync();
    const scale = Math.max(...Array.from(ref.grad, Math.abs));
    g.forEach((v, k) => expect(Math.abs(v - ref.grad[k])).toBeLessThan(1e-5 * Math.max(scale, 1e-3)));
    tf.dispose([xT, yT, th, value, grad]);
  });

  it('batched [R, P]: forward, loss and gradient equal R single evaluations', () => {
    const m = makeMlp({ widths: [10, 10], activation: 'sigmoid4' });
    const R = 4;
    const rows = Array.from({ length: R }, (_, r) => m.initParams(makeRng(r)));
    const full = m.batch(0, 7);
    const thR = tf.tensor2d(rows.map((r) => Array.from(r)));
    expect(m.forward(thR, full.x).shape).toEqual([R, 7, 1]);
    const { value, grad } = tf.valueAndGrad((t: tf.Tensor) => tf.sum(m.loss(t, full)))(thR);
    const lossR = tf.tidy(() => m.loss(thR, full).dataSync());
    expect(lossR.length).toBe(R);
    const gR = grad.dataSync();
    rows.forEach((r, i) => {
      const ref = reference(r, m.sizes, 'sigmoid4', 'identity', X, pts.y);
      expect(lossR[i]).toBeCloseTo(ref.loss, 5);
      const t1 = tf.tensor1d(r);
      const g1 = tf.grad((t: tf.Tensor) => m.loss(t, full))(t1).dataSync();
      g1.forEach((v, k) => expect(gR[i * m.dim + k]).toBeCloseTo(v, 6));
      tf.dispose(t1);
    });
    const pred = m.predict(Float32Array.from(rows.flatMap((r) => Array.from(r))), [-11, 0, 11]);
    expect(pred.length).toBe(R * 3);
    expect(m.predict(rows[2], [-11, 0, 11])).toEqual(pred.subarray(6, 9));
    tf.dispose([thR, value, grad, ...batchTensors(full)]);
    m.dispose();
  });
});

describe('batch stream', () => {
  it('full batch for B ≥ N; shuffled mini-batches cover each epoch once, same for the same k', () => {
    const m = makeMlp({ widths: [4], batchRng: makeRng(5).fork('batches') });
    const full = m.batch(3, 100);
    expect(Array.from(full.x.dataSync())).toEqual(Array.from(Float32Array.from(pts.x)));
    expect(m.stepsPerEpoch(3)).toBe(3);
    const seen: number[] = [];
    for (let k = 3; k < 6; k++) {
      const b = m.batch(k, 3);
      seen.push(...b.x.dataSync());
      tf.dispose(batchTensors(b));
    }
    expect(seen.length).toBe(7);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from(Float32Array.from(pts.x)));
    const again = m.batch(4, 3), other = makeMlp({ widths: [4], batchRng: makeRng(5).fork('batches') });
    const same = other.batch(4, 3);
    expect(Array.from(same.y.dataSync())).toEqual(Array.from(again.y.dataSync()));
    tf.dispose([...batchTensors(full), ...batchTensors(again), ...batchTensors(same)]);
    m.dispose();
    other.dispose();
  });
});

describe('training through TensorRun', () => {
  const fit = (optimizer: string, hyper: Record<string, number>, steps: number) => {
    const m = makeMlp({ widths: [10, 10] });
    const start = tf.tensor1d(m.initParams(makeRng(0).fork('init')));
    const run = new TensorRun(m, optimizer, hyper, undefined, start);
    start.dispose();
    for (let k = 0; k < steps; k++) {
      const b = m.batch(k, 7);
      run.step(b);
      tf.dispose(batchTensors(b));
    }
    const loss = run.drainMetrics().loss;
    const out = { first: loss[0], last: loss[loss.length - 1], theta: run.readTheta() };
    run.dispose();
    m.dispose();
    return out;
  };

  // SGD is the slow one (seed 003): over init seeds 0–5 the 10× fall takes ~300–1500 steps (one seed
  // stalls near 0.05); the seed's 2000 full-batch epochs take ~1 s here.
  it('SGD lr 0.05, full batch, 2000 epochs (seed 003): the loss falls ≥ 10×', () => {
    const r = fit('sgd', { lr: 0.05 }, 2000);
    expect(r.last).toBeLessThan(r.first / 10);
  });

  it('Adam lr 0.1: the loss falls ≥ 10× within 200 steps', () => {
    const r = fit('adam', { lr: 0.1 }, 200);
    expect(r.last).toBeLessThan(r.first / 10);
  });

  it('tf.memory().numTensors stays flat over 1000 steps with mini-batches', () => {
    const m = makeMlp({ widths: [10, 10] });
    const before = tf.memory().numTensors;
    const start = tf.tensor1d(m.initParams(makeRng(1)));
    const run = new TensorRun(m, 'adam', { lr: 0.01 }, undefined, start);
    start.dispose();
    const step = (k: number) => { const b = m.batch(k, 3); run.step(b); tf.dispose(batchTensors(b)); };
    for (let k = 0; k < 10; k++) step(k);
    run.drainMetrics();
    const during = tf.memory().numTensors;
    for (let k = 10; k < 1010; k++) {
      step(k);
      if (k % 100 === 0) run.drainMetrics();
    }
    run.drainMetrics();
    expect(tf.memory().numTensors).toBe(during);
    run.dispose();
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });
});
