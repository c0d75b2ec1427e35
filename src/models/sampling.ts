/**
 * Text from a trained character transformer (seed 001's `generate`): repeat n times — forward the
 * last ≤ blockSize tokens, take the logits z of their last position, sample the next token from
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

/**
 * Logits [1, 1, V] for the token after tokens[0, n), from their last ≤ blockSize tokens. Every
 * forward sees a full block, the context padded on the right with token 0 in `window` (length
 * blockSize): attention is causal, so position t − 1 does not see the padding and its logits are
 * those of the unpadded context, but the shapes stay the same from the first token on. A context
 * growing 1, 2, …, T made WebGL and WebGPU compile every kernel again for each length (200
 * characters from a block-16 model: 19.5 s on software WebGL here, 6 s with the fixed shape).
 */
function nextLogits(model: CharTransformer, theta: tf.Tensor, tokens: Int32Array, n: number, window: Int32Array): tf.Tensor {
  const T = window.length;
  const t = Math.min(n, T);
  window.fill(0);
  window.set(tokens.subarray(n - t, n));
  return tf.tidy(() => tf.slice(model.forward(theta, tf.tensor2d(window, [1, T], 'int32')), [0, t - 1, 0], [1, 1, -1]));
}

/** The prompt followed by `length` sampled tokens. */
export function sampleTokens(model: CharTransformer, theta: tf.Tensor | Float32Array, opts: SampleOptions): Int32Array {
  const prompt = opts.prompt && opts.prompt.length > 0 ? Array.from(opts.prompt) : [0];
  const out = new Int32Array(prompt.length + opts.length);
  out.set(prompt);
  let n = prompt.length;
  const th = theta instanceof tf.Tensor ? theta : tf.tensor1d(theta);
  const window = new Int32Array(model.config.blockSize);
  try {
    for (let s = 0; s < opts.length; s++) {
      const last = nextLogits(model, th, out, n, window);
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
  const prompt = opts.prompt ? Array.from(model.data.encode(opts.prompt)) : [];
  const out = new Int32Array(Math.max(1, prompt.length) + opts.length);
  out.set(prompt.length ? prompt : [0]);
  let n = Math.max(1, prompt.length);
  const window = new Int32Array(model.config.blockSize);
  for (let s = 0; s < opts.length; s++) {
    const last = nextLogits(model, theta, out, n, window);
    const z = await last.data();
    last.dispose();
    out[n++] = sampleFromLogits(z, opts.temperature ?? 1, opts.rng);
  }
  return model.data.decode(prompt.length ? out : out.subarray(1));
}
