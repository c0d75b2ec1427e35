/**
 * Text from a trained character transformer (seed 001's `generate`): repeat n times — forward the
 * last ≤ blockSize tokens, take the logits z of the last position, sample the next token from
 *   p_i = exp(z_i/τ) / Σ_j exp(z_j/τ)        (temperature τ > 0; τ = 0: argmax)
 * and append it.
 *
 * Sampling happens on the CPU with the project RNG (inverse CDF on one uniform), not tf.multinomial,
 * which returns index 0 on webgpu (tfjs#8057) and draws from its own generator. One readback of V
 * logits per token; a sample is a function of (θ, prompt, τ, seed) only.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng';
import type { CharTransformer } from './transformer';

/**
 * Index drawn from softmax(logits/τ) with one `rng.uniform()`; τ ≤ 0 gives the argmax (first of
 * ties). Computed in float64 with the max subtracted, so small τ does not overflow.
 */
export function sampleFromLogits(logits: ArrayLike<number>, temperature: number, rng: Rng): number {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
  const u = rng.uniform(); // drawn even for τ = 0, so the stream stays aligned across temperatures
  if (!(temperature > 0)) return best;
  const w = new Float64Array(logits.length);
  let total = 0;
  for (let i = 0; i < logits.length; i++) {
    w[i] = Math.exp((logits[i] - logits[best]) / temperature);
    total += w[i];
  }
  let acc = 0;
  const target = u * total;
  for (let i = 0; i < w.length; i++) {
    acc += w[i];
    if (target < acc) return i;
  }
  return best; // rounding at the top end of the CDF
}

export interface SampleOptions {
  /** Tokens to continue; empty: start from token 0 (in a text with newlines, '\n' sorts early). */
  prompt?: ArrayLike<number>;
  /** New tokens to generate. */
  length: number;
  /** τ (default 1). */
  temperature?: number;
  rng: Rng;
}

/** The prompt followed by `length` sampled tokens. */
export function sampleTokens(model: CharTransformer, theta: tf.Tensor | Float32Array, opts: SampleOptions): Int32Array {
  const T = model.config.blockSize;
  const prompt = opts.prompt && opts.prompt.length > 0 ? Array.from(opts.prompt) : [0];
  const out = new Int32Array(prompt.length + opts.length);
  out.set(prompt);
  let n = prompt.length;
  const th = theta instanceof tf.Tensor ? theta : tf.tensor1d(theta);
  try {
    for (let s = 0; s < opts.length; s++) {
      const ctx = out.subarray(Math.max(0, n - T), n);
      const last = tf.tidy(() => {
        const logits = model.forward(th, tf.tensor2d(ctx, [1, ctx.length], 'int32')); // [1, t, V]
        return tf.slice(logits, [0, ctx.length - 1, 0], [1, 1, -1]);
      });
      const z = last.dataSync();
      last.dispose();
      out[n++] = sampleFromLogits(z, opts.temperature ?? 1, opts.rng);
    }
  } finally {
    if (th !== theta) th.dispose();
  }
  return opts.prompt && opts.prompt.length > 0 ? out : out.subarray(1);
}

/** Sampled text: `prompt` (characters of the model's vocabulary) continued by `length` characters. */
export function sampleText(
  model: CharTransformer,
  theta: tf.Tensor | Float32Array,
  opts: Omit<SampleOptions, 'prompt'> & { prompt?: string },
): string {
  const prompt = opts.prompt ? model.data.encode(opts.prompt) : undefined;
  return model.data.decode(sampleTokens(model, theta, { ...opts, prompt }));
}

/**
 * `sampleText` with asynchronous readbacks (one per character): the form the worker uses, since
 * WebGPU's synchronous readback does not work in a worker on every adapter.
 */
export async function sampleTextAsync(
  model: CharTransformer,
  theta: tf.Tensor,
  opts: Omit<SampleOptions, 'prompt'> & { prompt?: string },
): Promise<string> {
  const T = model.config.blockSize;
  const prompt = opts.prompt ? Array.from(model.data.encode(opts.prompt)) : [];
  const out = new Int32Array(Math.max(1, prompt.length) + opts.length);
  out.set(prompt.length ? prompt : [0]);
  let n = Math.max(1, prompt.length);
  for (let s = 0; s < opts.length; s++) {
    const ctx = out.subarray(Math.max(0, n - T), n);
    const last = tf.tidy(() => {
      const logits = model.forward(theta, tf.tensor2d(ctx, [1, ctx.length], 'int32'));
      return tf.slice(logits, [0, ctx.length - 1, 0], [1, 1, -1]);
    });
    const z = await last.data();
    last.dispose();
    out[n++] = sampleFromLogits(z, opts.temperature ?? 1, opts.rng);
  }
  return model.data.decode(prompt.length ? out : out.subarray(1));
}
