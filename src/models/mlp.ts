/**
 * S10: a fully connected network fitting the 7 points of seed 003 (exercise 3), on the tensor path.
 *
 * Network with layer sizes n₀ = 1, n₁ … n_D (the hidden `widths`), n_{D+1} = 1:
 *   h₀ = x,  h_l = σ(W_l h_{l−1} + b_l) (l = 1 … D),  f(x; θ) = W_{D+1} h_D + b_{D+1},
 * σ = ReLU or 4·sigmoid (seed 003's "4*F.sigmoid"); no activation on the output.
 * Loss (PyTorch's nn.MSELoss): L(θ; S) = (1/|S|) Σ_{i∈S} (f(xᵢ; θ) − yᵢ)².
 *
 * Flat layout of θ (length P = Σ_l n_l(n_{l−1} + 1)), layer by layer as PyTorch's
 * `model.parameters()`: `linear{l}.weight` (n_l × n_{l−1}, row-major [out, in] as nn.Linear.weight),
 * then `linear{l}.bias` (n_l). Depth 2, width 10: 1·10 + 10 + 10·10 + 10 + 10·1 + 1 = 141.
 *
 * Initialisation (PyTorch's nn.Linear default): weight and bias ~ U(−1/√n_{l−1}, 1/√n_{l−1})
 * (kaiming_uniform_ with a = √5 gives exactly this bound for the weight).
 *
 * θ may be [P] (one run) or [R, P] (R runs batched): the layers then use batched matmuls over the R
 * axis, so R networks (seeds, a landscape grid) cost one tensor program.
 */
import * as tf from '@tensorflow/tfjs';
import { makeRng, type Rng } from '../rng';
import { BatchSampler, type Sampling } from '../run/batches';
import { generateSinExp } from '../problems/data';
import type { TensorModel } from './model';

/** Activations: 'sigmoid4' is 4·sigmoid(z) (seed 003); 'identity' is used for regression outputs. */
export type Activation = 'relu' | 'sigmoid4' | 'sigmoid' | 'identity';

export interface LayoutEntry {
  name: string;
  offset: number;
  shape: number[];
}

/** Layout of a dense net with layer sizes [n₀, n₁, …, n_L]: per layer weight [out, in] then bias [out]. */
export function denseLayout(sizes: readonly number[]): LayoutEntry[] {
  const out: LayoutEntry[] = [];
  let offset = 0;
  for (let l = 1; l < sizes.length; l++) {
    const nIn = sizes[l - 1], nOut = sizes[l];
    out.push({ name: `linear${l}.weight`, offset, shape: [nOut, nIn] });
    offset += nOut * nIn;
    out.push({ name: `linear${l}.bias`, offset, shape: [nOut] });
    offset += nOut;
  }
  return out;
}

/** P = Σ_l n_l(n_{l−1} + 1). */
export function denseDim(sizes: readonly number[]): number {
  let p = 0;
  for (let l = 1; l < sizes.length; l++) p += sizes[l] * (sizes[l - 1] + 1);
  return p;
}

/** PyTorch's nn.Linear default init, layer by layer in flat order: U(−1/√fan_in, 1/√fan_in). */
export function initDense(rng: Rng, sizes: readonly number[]): Float32Array {
  const theta = new Float32Array(denseDim(sizes));
  let k = 0;
  for (let l = 1; l < sizes.length; l++) {
    const bound = 1 / Math.sqrt(sizes[l - 1]);
    const count = sizes[l] * (sizes[l - 1] + 1); // weight then bias, same bound
    for (let i = 0; i < count; i++) theta[k++] = (2 * rng.uniform() - 1) * bound;
  }
  return theta;
}

export function activate(h: tf.Tensor, act: Activation): tf.Tensor {
  switch (act) {
    case 'relu': return tf.relu(h);
    case 'sigmoid4': return tf.mul(tf.sigmoid(h), 4);
    case 'sigmoid': return tf.sigmoid(h);
    default: return h;
  }
}

/**
 * Forward pass of a dense net: x [B, n₀] → [B, n_L] for θ [P], or [R, B, n_L] for θ [R, P]
 * (h_l = act(h_{l−1} W_lᵀ + b_l) with batched matmuls; x broadcasts over the R axis).
 */
export function denseForward(theta: tf.Tensor, x: tf.Tensor, sizes: readonly number[], hidden: Activation, output: Activation): tf.Tensor {
  const rows = theta.rank === 1 ? theta.reshape([1, -1]) : theta;
  const r = rows.shape[0];
  let h: tf.Tensor = x.expandDims(0); // [1, B, n₀]
  let off = 0;
  for (let l = 1; l < sizes.length; l++) {
    const nIn = sizes[l - 1], nOut = sizes[l];
    const w = tf.slice(rows, [0, off], [r, nOut * nIn]).reshape([r, nOut, nIn]);
    off += nOut * nIn;
    const b = tf.slice(rows, [0, off], [r, nOut]).reshape([r, 1, nOut]);
    off += nOut;
    h = activate(tf.add(tf.matMul(h, w, false, true), b), l === sizes.length - 1 ? output : hidden);
  }
  return theta.rank === 1 ? h.reshape([x.shape[0], sizes[sizes.length - 1]]) : h;
}

/** MSE per run: [] for θ [P] (pred [B, k]), [R] for θ [R, P] (pred [R, B, k]); y [B, k]. */
export function mse(pred: tf.Tensor, y: tf.Tensor): tf.Tensor {
  const sq = tf.square(tf.sub(pred, y));
  return pred.rank === 2 ? tf.mean(sq) : tf.mean(sq, [1, 2]);
}

/** A batch: inputs [B, n₀] and targets [B, 1]. */
export interface XYBatch {
  x: tf.Tensor2D;
  y: tf.Tensor2D;
}

/**
 * The batch source of a data set held on the device: B ≥ N gives the whole set (clones of the kept
 * tensors); else update k takes the indices of src/run/batches.ts (shuffled epochs or with replacement,
 * a pure function of the stream and k), gathered on the device.
 */
export class DeviceData {
  readonly x: tf.Tensor2D;
  readonly y: tf.Tensor2D;
  private readonly samplers = new Map<number, BatchSampler>();

  constructor(x: Float32Array, y: Float32Array, readonly n: number, readonly d: number, private readonly rng: Rng, private readonly sampling: Sampling = 'shuffle') {
    this.x = tf.keep(tf.tensor2d(x, [n, d], 'float32'));
    this.y = tf.keep(tf.tensor2d(y, [n, 1], 'float32'));
  }

  stepsPerEpoch(batchSize: number): number {
    return Math.max(1, Math.ceil(this.n / batchSize));
  }

  batch(k: number, batchSize: number): XYBatch {
    let s = this.samplers.get(batchSize);
    if (!s) this.samplers.set(batchSize, (s = new BatchSampler(this.rng, this.n, batchSize, this.sampling)));
    const idx = s.batch(k);
    if (!idx) return { x: this.x.clone(), y: this.y.clone() };
    return tf.tidy(() => {
      const i = tf.tensor1d(Int32Array.from(idx), 'int32');
      return { x: tf.gather(this.x, i) as tf.Tensor2D, y: tf.gather(this.y, i) as tf.Tensor2D };
    });
  }

  dispose(): void {
    tf.dispose([this.x, this.y]);
  }
}

/** The 7 points of seed 003: xᵢ = linspace(−1, 1, n), yᵢ = sin(5xᵢ)·exp(|2xᵢ|)/10 (src/problems/data.ts). */
export function sevenPoints(n = 7): { x: number[]; y: number[] } {
  return generateSinExp(makeRng(0), n, 0);
}

export interface MlpOptions {
  /** Hidden widths n₁ … n_D (e.g. [10, 10] for depth 2). */
  widths: number[];
  activation?: 'relu' | 'sigmoid4';
  /** Training points; default `sevenPoints()`. */
  data?: { x: number[]; y: number[] };
  /** The batch stream (mini-batches only); default makeRng('mlp').fork('batches'). */
  batchRng?: Rng;
  sampling?: Sampling;
}

export interface Mlp extends TensorModel<XYBatch> {
  readonly sizes: number[];
  readonly activation: 'relu' | 'sigmoid4';
  readonly n: number;
  /** Updates per epoch for batch size B: ⌈N/B⌉. */
  stepsPerEpoch(batchSize: number): number;
  /** f(x; θ) for x [B, 1]: [B, 1] for θ [P], [R, B, 1] for θ [R, P]. */
  forward(theta: tf.Tensor, x: tf.Tensor): tf.Tensor;
  /** f(xs; θ) on the CPU: θ of length P gives [n]; of length R·P gives R rows of n, row-major. */
  predict(theta: Float32Array, xs: number[]): Float32Array;
}

export function makeMlp(opts: MlpOptions): Mlp {
  const activation = opts.activation ?? 'relu';
  const data = opts.data ?? sevenPoints();
  if (data.x.length !== data.y.length || data.x.length === 0) throw new Error('makeMlp: data needs as many y as x, at least one');
  if (!opts.widths.every((w) => Number.isInteger(w) && w >= 1)) throw new Error('makeMlp: widths must be integers ≥ 1');
  const sizes = [1, ...opts.widths, 1];
  const dim = denseDim(sizes);
  const n = data.x.length;
  const store = new DeviceData(Float32Array.from(data.x), Float32Array.from(data.y), n, 1, opts.batchRng ?? makeRng('mlp').fork('batches'), opts.sampling);
  const forward = (theta: tf.Tensor, x: tf.Tensor) => denseForward(theta, x, sizes, activation, 'identity');
  return {
    id: `mlp-${opts.widths.join('x') || 'linear'}-${activation}`,
    dim,
    sizes,
    activation,
    n,
    layout: denseLayout(sizes),
    initParams: (rng) => initDense(rng, sizes),
    batch: (k, batchSize) => store.batch(k, batchSize),
    stepsPerEpoch: (b) => store.stepsPerEpoch(b),
    loss: (theta, batch) => mse(forward(theta, batch.x), batch.y),
    forward,
    predict(theta, xs) {
      if (theta.length % dim !== 0) throw new Error(`predict: θ length ${theta.length} is not a multiple of P = ${dim}`);
      const r = theta.length / dim;
      return tf.tidy(() => {
        const th = r === 1 ? tf.tensor1d(theta) : tf.tensor2d(theta, [r, dim]);
        return forward(th, tf.tensor2d(Float32Array.from(xs), [xs.length, 1])).dataSync() as Float32Array;
      });
    },
    dispose: () => store.dispose(),
  };
}
