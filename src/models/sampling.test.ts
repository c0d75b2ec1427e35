import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { makeRng } from '../rng';
import { generateCorpus } from './corpus';
import { makeCharData } from './charData';
import { CharTransformer, TRANSFORMER_TINY } from './transformer';
import { sampleFromLogits, sampleText, sampleTokens } from './sampling';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('sampleFromLogits', () => {
  const z = [0.5, 2.0, -1.0, 1.2];

  it('draws from softmax(z/τ)', () => {
    const rng = makeRng(1);
    const counts = [0, 0, 0, 0];
    const n = 20_000;
    for (let i = 0; i < n; i++) counts[sampleFromLogits(z, 1, rng)]++;
    const e = z.map(Math.exp);
    const total = e.reduce((a, b) => a + b, 0);
    e.forEach((w, i) => expect(Math.abs(counts[i] / n - w / total)).toBeLessThan(0.01));
    const hot = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) hot[sampleFromLogits(z, 100, rng)]++;
    hot.forEach((c) => expect(Math.abs(c / n - 0.25)).toBeLessThan(0.02)); // τ → ∞: uniform
  });

  it('approaches the argmax as τ → 0, without overflow', () => {
    const rng = makeRng(2);
    expect(sampleFromLogits(z, 0, rng)).toBe(1);
    const picks = Array.from({ length: 200 }, () => sampleFromLogits(z, 0.02, rng));
    expect(picks.every((i) => i === 1)).toBe(true);
    expect(sampleFromLogits([1000, 1001, -1000], 1e-3, rng)).toBe(1);
    const share = (tau: number) => Array.from({ length: 4000 }, () => sampleFromLogits(z, tau, rng)).filter((i) => i === 1).length / 4000;
    expect(share(0.5)).toBeGreaterThan(share(1));
    expect(share(0.2)).toBeGreaterThan(0.97);
  });
});

describe('sampling from the transformer', () => {
  const data = makeCharData(generateCorpus(800));
  const model = new CharTransformer(data, TRANSFORMER_TINY, makeRng(5));
  const r = makeRng(9);
  // A θ with structure (init + noise): a peaked, position-dependent distribution.
  const theta = model.initParams(makeRng(5).fork('init')).map((x) => x + 0.2 * r.normal());

  it('is deterministic per seed and continues the prompt with vocabulary tokens', () => {
    const a = sampleText(model, theta, { prompt: 'I want', length: 40, rng: makeRng(3) });
    expect(sampleText(model, theta, { prompt: 'I want', length: 40, rng: makeRng(3) })).toBe(a);
    expect(sampleText(model, theta, { prompt: 'I want', length: 40, rng: makeRng(4) })).not.toBe(a);
    expect(a.startsWith('I want')).toBe(true);
    expect(Array.from(a).length).toBe(46);
    expect(data.covers(a)).toBe(true);
    const bare = sampleTokens(model, theta, { length: 30, rng: makeRng(3) }); // longer than blockSize: context is cropped
    expect(bare.length).toBe(30);
  });

  it('forwards a full block padded on the right: the logits at the last real position are the unpadded ones', () => {
    const th = tf.tensor1d(theta);
    const T = model.config.blockSize;
    for (const t of [1, 5, T - 1]) {
      const ctx = Int32Array.from({ length: t }, (_, i) => (i * 7 + 3) % data.vocabSize);
      const padded = new Int32Array(T);
      padded.set(ctx);
      const [short, full] = tf.tidy(() => [
        tf.slice(model.forward(th, tf.tensor2d(ctx, [1, t], 'int32')), [0, t - 1, 0], [1, 1, -1]).dataSync(),
        tf.slice(model.forward(th, tf.tensor2d(padded, [1, T], 'int32')), [0, t - 1, 0], [1, 1, -1]).dataSync(),
      ]);
      // float32: the padded rows add exact zeros to the attention sums; allow the kernels' rounding.
      short.forEach((z, i) => expect(full[i]).toBeCloseTo(z, 5));
    }
    th.dispose();
  });

  it('at τ → 0 is greedy decoding, the same for every seed', () => {
    const greedy = sampleText(model, theta, { prompt: 'Daddy', length: 20, temperature: 0, rng: makeRng(1) });
    expect(sampleText(model, theta, { prompt: 'Daddy', length: 20, temperature: 0, rng: makeRng(2) })).toBe(greedy);
    expect(sampleText(model, theta, { prompt: 'Daddy', length: 20, temperature: 1e-4, rng: makeRng(3) })).toBe(greedy);
  });

  it('leaks no tensor, with θ as a tensor or an array', () => {
    const before = tf.memory().numTensors;
    sampleTokens(model, theta, { length: 5, rng: makeRng(1) });
    const t = tf.tensor1d(theta);
    sampleTokens(model, t, { length: 5, rng: makeRng(1) });
    t.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
  });
});
