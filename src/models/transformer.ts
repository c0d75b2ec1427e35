/**
 * S5's character transformer: seed 001's decoder-only GPT (`GPTLanguageModel`), on one flat θ.
 *
 *   h₀ = onehot(x)·W_te + W_pe[0..T)                                   [B·T, C]
 *   per block l:  h ← h + Drop(Proj(MHA(LN₁(h))))
 *                 h ← h + Drop(W₂·act(W₁·LN₂(h) + b₁) + b₂)              (4C hidden, ReLU or GELU)
 *   logits = LN_f(h)·W_headᵀ + b_head                                   [B, T, V]
 *   loss = −mean_{b,t} log softmax(logits[b,t])[y[b,t]]                 (cross-entropy, nats)
 * MHA: per head, softmax(q kᵀ/√d_h + M)·v with M[i,j] = −1e9 for j > i (causal), dropout on the
 * attention weights; heads concatenated. LN(z) = (z − μ)/√(σ² + 1e-5)·g + b over the channels.
 *
 * The token embedding is a one-hot matmul, not tf.gather: the wasm backend has no gradient for
 * gather (tfjs#8082). Dropout masks come from the project RNG (stream 'dropout', fork k for update k,
 * fork per site), so a batch fixes its masks: re-evaluating the loss on the same batch (Armijo's line
 * search) sees the same function of θ. Dropout acts only in `loss` (training) and never in
 * `forward` without a key, `evaluate` or sampling.
 *
 * Linear layers (src/tensor/linear.ts), LayerNorm (src/tensor/layerNorm.ts), the position table
 * (src/tensor/rowVector.ts) and the attention products (src/tensor/matMul.ts) are the same arithmetic
 * as tf.matMul, tf.moments, tf.add and tf.mul, with gradients written to avoid TF.js kernels that are
 * slow here (transposed products on wasm, column sums by tf.sum(dy, 0), autodiff's extra row
 * reductions; docs/performance.md, B4).
 *
 * Flat layout (PyTorch names; weights [out, in] like nn.Linear.weight): token_embedding_table [V, C],
 * position_embedding_table [T_max, C], then per block: ln1 weight/bias [C]; sa.query, sa.key,
 * sa.value, each weight [C, C] + bias [C] (all heads: head h owns rows h·d_h..(h+1)·d_h, i.e. the
 * seed's per-head Linears stacked); sa.proj [C, C] + [C]; ln2; ffwd.fc [4C, C] + [4C];
 * ffwd.proj [C, 4C] + [C]; then ln_f, lm_head [V, C] + [V].
 * P = 2VC + T_max·C + L(12C² + 13C) + 2C + V.
 *
 * Init (seed 001's `_init_weights`, GPT-2's): Linear and Embedding weights ~ N(0, 0.02²), biases 0,
 * LayerNorm gains 1 and biases 0 — not nn.Linear's default U(±1/√fan_in).
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng';
import { matMul } from '../tensor/matMul';
import { addRow } from '../tensor/rowVector';
import { layerNorm } from '../tensor/layerNorm';
import { linear } from '../tensor/linear';
import type { TensorModel } from './model';
import { makeBatchStreams, type BatchStreams, type CharData, type Split } from './charData';

export interface TransformerConfig {
  vocabSize: number;
  /** Embedding width C. */
  nEmbd: number;
  nHead: number;
  nLayer: number;
  /** Context length T_max (the position table's rows). */
  blockSize: number;
  /** Dropout probability p (training only). */
  dropout: number;
  /** MLP non-linearity: ReLU (seed 001) or GELU (tanh form, GPT-2). */
  activation: 'relu' | 'gelu';
}

export type ModelSize = Omit<TransformerConfig, 'vocabSize'>;

/** Trains visibly in a browser on a software GPU. */
export const TRANSFORMER_DEFAULT: ModelSize = { nEmbd: 64, nHead: 4, nLayer: 2, blockSize: 64, dropout: 0.1, activation: 'relu' };
/** For unit tests. */
export const TRANSFORMER_TINY: ModelSize = { nEmbd: 16, nHead: 2, nLayer: 2, blockSize: 16, dropout: 0, activation: 'relu' };

type Init = 'normal' | 'zeros' | 'ones';
export interface LayoutEntry { name: string; offset: number; shape: number[]; init: Init }

/** The flat layout of θ for a configuration (see the module doc). */
export function transformerLayout(c: TransformerConfig): LayoutEntry[] {
  const C = c.nEmbd;
  const out: LayoutEntry[] = [];
  let offset = 0;
  const add = (name: string, shape: number[], init: Init) => {
    out.push({ name, offset, shape, init });
    offset += shape.reduce((a, b) => a * b, 1);
  };
  const dense = (name: string, o: number, i: number) => (add(`${name}.weight`, [o, i], 'normal'), add(`${name}.bias`, [o], 'zeros'));
  const norm = (name: string) => (add(`${name}.weight`, [C], 'ones'), add(`${name}.bias`, [C], 'zeros'));
  add('token_embedding_table.weight', [c.vocabSize, C], 'normal');
  add('position_embedding_table.weight', [c.blockSize, C], 'normal');
  for (let l = 0; l < c.nLayer; l++) {
    norm(`blocks.${l}.ln1`);
    for (const part of ['query', 'key', 'value']) dense(`blocks.${l}.sa.${part}`, C, C);
    dense(`blocks.${l}.sa.proj`, C, C);
    norm(`blocks.${l}.ln2`);
    dense(`blocks.${l}.ffwd.fc`, 4 * C, C);
    dense(`blocks.${l}.ffwd.proj`, C, 4 * C);
  }
  norm('ln_f');
  dense('lm_head', c.vocabSize, C);
  return out;
}

/** P = 2VC + T_max·C + L(12C² + 13C) + 2C + V. */
export function countParams(c: TransformerConfig): number {
  const C = c.nEmbd;
  return 2 * c.vocabSize * C + c.blockSize * C + c.nLayer * (12 * C * C + 13 * C) + 2 * C + c.vocabSize;
}

/** A training batch: contexts and targets (int32 [B, T]) and the key of its dropout masks. */
export interface CharBatch {
  x: tf.Tensor;
  y: tf.Tensor;
  /** Update index whose dropout masks apply; none: no dropout. */
  dropoutKey?: number;
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/** 0.5·z·(1 + tanh(√(2/π)(z + 0.044715 z³))): GPT-2's GELU (PyTorch's approximate='tanh'). */
function gelu(z: tf.Tensor): tf.Tensor {
  const inner = tf.mul(tf.add(z, tf.mul(tf.pow(z, 3), 0.044715)), SQRT_2_OVER_PI);
  return tf.mul(tf.mul(z, 0.5), tf.add(tf.tanh(inner), 1));
}

/** Mean cross-entropy (nats) of logits [N, V] against int32 targets [N]. */
export function crossEntropy(logits: tf.Tensor, targets: tf.Tensor): tf.Tensor {
  const V = logits.shape[logits.rank - 1] as number;
  const lp = tf.logSoftmax(tf.reshape(logits, [-1, V]));
  return tf.neg(tf.mean(tf.sum(tf.mul(lp, tf.oneHot(tf.reshape(targets, [-1]), V)), -1)));
}

function validate(c: TransformerConfig): void {
  const ints: (keyof TransformerConfig)[] = ['vocabSize', 'nEmbd', 'nHead', 'nLayer', 'blockSize'];
  for (const k of ints) if (!Number.isInteger(c[k]) || (c[k] as number) < 1) throw new Error(`${k} must be a positive integer, got ${c[k]}.`);
  if (c.nEmbd % c.nHead !== 0) throw new Error(`nEmbd (${c.nEmbd}) must be a multiple of nHead (${c.nHead}).`);
  if (!(c.dropout >= 0 && c.dropout < 1)) throw new Error(`dropout must lie in [0, 1), got ${c.dropout}.`);
}

/** The character GPT on a text's data; `rng` roots its batch, evaluation and dropout streams. */
export class CharTransformer implements TensorModel<CharBatch> {
  readonly id = 'char-transformer';
  readonly config: TransformerConfig;
  readonly layout: LayoutEntry[];
  readonly dim: number;
  private readonly streams: BatchStreams;
  private readonly dropoutRng: Rng;
  private readonly masks = new Map<number, tf.Tensor>();

  constructor(readonly data: CharData, size: Partial<ModelSize>, rng: Rng) {
    this.config = { ...TRANSFORMER_DEFAULT, ...size, vocabSize: data.vocabSize };
    validate(this.config);
    const T = this.config.blockSize;
    if (data.val.length < T + 1) {
      throw new Error(`The validation part has ${data.val.length} characters; a context of ${T} needs ${T + 1}. Use more text or a shorter context.`);
    }
    this.layout = transformerLayout(this.config);
    this.dim = countParams(this.config);
    this.streams = makeBatchStreams(data, rng);
    this.dropoutRng = rng.fork('dropout');
  }

  /** θ₀: N(0, 0.02²) weights, zero biases, unit LayerNorm gains. */
  initParams(rng: Rng): Float32Array {
    const theta = new Float32Array(this.dim);
    for (const e of this.layout) {
      const n = e.shape.reduce((a, b) => a * b, 1);
      for (let i = e.offset; i < e.offset + n; i++) theta[i] = e.init === 'normal' ? 0.02 * rng.normal() : e.init === 'ones' ? 1 : 0;
    }
    return theta;
  }

  /** Training batch k (B windows of the train split; the same for every run on this model). */
  batch(k: number, batchSize: number): CharBatch {
    const b = this.streams.train(k, batchSize, this.config.blockSize);
    return { x: tf.tensor2d(b.x, [batchSize, b.blockSize], 'int32'), y: tf.tensor2d(b.y, [batchSize, b.blockSize], 'int32'), dropoutKey: k };
  }

  /** Training loss (dropout on when the batch has a key and p > 0): a scalar. */
  loss(theta: tf.Tensor, batch: CharBatch): tf.Tensor {
    return crossEntropy(this.forward(theta, batch.x, batch.dropoutKey), batch.y);
  }

  /** Logits [B, T, V] for int32 contexts x [B, T] (T ≤ blockSize); dropout only with a key. Call inside tf.tidy. */
  forward(theta: tf.Tensor, x: tf.Tensor, dropoutKey?: number): tf.Tensor {
    if (theta.rank !== 1 || theta.shape[0] !== this.dim) throw new Error(`θ must have shape [${this.dim}], got [${theta.shape}].`);
    const { nEmbd: C, nHead: H, nLayer, vocabSize: V, dropout: p } = this.config;
    const [B, T] = x.shape as [number, number];
    if (T > this.config.blockSize) throw new Error(`Context of ${T} exceeds blockSize ${this.config.blockSize}.`);
    const w = this.unflatten(theta);
    const siteRng = p > 0 && dropoutKey !== undefined ? this.dropoutRng.fork(dropoutKey) : null;
    const drop = (z: tf.Tensor, site: string) => (siteRng ? tf.mul(z, dropoutMask(z.shape, p, siteRng.fork(site))) : z);
    const hs = C / H;
    const heads = (z: tf.Tensor) => tf.transpose(tf.reshape(z, [B, T, H, hs]), [0, 2, 1, 3]); // [B, H, T, hs]

    const tok = matMul(tf.oneHot(tf.reshape(x, [-1]), V), w['token_embedding_table.weight']); // [B·T, C]
    const pos = tf.slice(w['position_embedding_table.weight'], [0, 0], [T, C]);
    let h = tf.reshape(addRow(tf.reshape(tok, [B, T, C]), pos), [B * T, C]);
    for (let l = 0; l < nLayer; l++) {
      const n = (s: string) => w[`blocks.${l}.${s}`];
      const a = layerNorm(h, n('ln1.weight'), n('ln1.bias'));
      const [q, k, v] = ['query', 'key', 'value'].map((s) => heads(linear(a, n(`sa.${s}.weight`), n(`sa.${s}.bias`))));
      const scores = tf.add(tf.mul(matMul(q, k, false, true), 1 / Math.sqrt(hs)), this.causalMask(T));
      const att = drop(tf.softmax(scores), `${l}.att`); // [B, H, T, T]
      const y = tf.reshape(tf.transpose(matMul(att, v), [0, 2, 1, 3]), [B * T, C]);
      h = tf.add(h, drop(linear(y, n('sa.proj.weight'), n('sa.proj.bias')), `${l}.proj`));
      const a2 = layerNorm(h, n('ln2.weight'), n('ln2.bias'));
      const act = this.config.activation === 'gelu' ? gelu(linear(a2, n('ffwd.fc.weight'), n('ffwd.fc.bias'))) : linear(a2, n('ffwd.fc.weight'), n('ffwd.fc.bias'), 'relu');
      h = tf.add(h, drop(linear(act, n('ffwd.proj.weight'), n('ffwd.proj.bias')), `${l}.ffwd`));
    }
    const logits = linear(layerNorm(h, w['ln_f.weight'], w['ln_f.bias']), w['lm_head.weight'], w['lm_head.bias']);
    return tf.reshape(logits, [B, T, V]);
  }

  /**
   * Mean loss over `batches` fixed evaluation batches of a split (no dropout), for the
   * every-K-iterations evaluation: one readback.
   */
  evaluate(theta: tf.Tensor | Float32Array, split: Split, batches = 4, batchSize = 16): number {
    const mean = this.evaluationTensor(theta, split, batches, batchSize);
    const value = mean.dataSync()[0];
    mean.dispose();
    return value;
  }

  /** `evaluate` with an asynchronous readback: WebGPU has no working synchronous one (see trainer.ts). */
  async evaluateAsync(theta: tf.Tensor | Float32Array, split: Split, batches = 4, batchSize = 16): Promise<number> {
    const mean = this.evaluationTensor(theta, split, batches, batchSize);
    const value = (await mean.data())[0];
    mean.dispose();
    return value;
  }

  private evaluationTensor(theta: tf.Tensor | Float32Array, split: Split, batches: number, batchSize: number): tf.Tensor {
    const T = this.config.blockSize;
    return tf.tidy(() => {
      const th = theta instanceof tf.Tensor ? theta : tf.tensor1d(theta);
      const losses: tf.Tensor[] = [];
      for (let j = 0; j < batches; j++) {
        const b = this.streams.eval(split, j, batchSize, T);
        const x = tf.tensor2d(b.x, [batchSize, T], 'int32');
        losses.push(crossEntropy(this.forward(th, x), tf.tensor2d(b.y, [batchSize, T], 'int32')));
      }
      return tf.div(tf.addN(losses), batches);
    });
  }

  dispose(): void {
    for (const m of this.masks.values()) m.dispose();
    this.masks.clear();
  }

  /** θ's blocks by layout name, as views of shape (tf.split: its gradient is one concat). */
  private unflatten(theta: tf.Tensor): Record<string, tf.Tensor> {
    const sizes = this.layout.map((e) => e.shape.reduce((a, b) => a * b, 1));
    const parts = tf.split(theta, sizes);
    return Object.fromEntries(this.layout.map((e, i) => [e.name, tf.reshape(parts[i], e.shape)]));
  }

  /** [T, T]: 0 on and below the diagonal, −1e9 above (kept; freed by dispose). */
  private causalMask(T: number): tf.Tensor {
    let m = this.masks.get(T);
    if (!m) {
      const values = new Float32Array(T * T);
      for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) values[i * T + j] = -1e9;
      m = tf.keep(tf.tensor2d(values, [T, T]));
      this.masks.set(T, m);
    }
    return m;
  }
}

/** Inverted-dropout mask: 1/(1 − p) with probability 1 − p, else 0, drawn from `rng`. */
export function dropoutMask(shape: number[], p: number, rng: Rng): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(n);
  const keep = 1 / (1 - p);
  for (let i = 0; i < n; i++) values[i] = rng.uniform() < p ? 0 : keep;
  return tf.tensor(values, shape);
}
