/**
 * S13: the neuron classifiers of seed 004 on the tensor path, and the Adam β₁ × β₂ grid.
 *
 * Model with layer sizes n₀ = d (4 features), the hidden widths, 1 output:
 *   hidden = []      one neuron   p(x; θ) = sigmoid(wᵀx + b)                          (P = d + 1)
 *   hidden = [2]     4-2-1 net    p = sigmoid(W₂ σ(W₁x + b₁) + b₂), σ = sigmoid (default) or ReLU
 * Loss: MSE on the 0/1 labels, L(θ; S) = (1/|S|) Σ_{i∈S} (p(xᵢ; θ) − yᵢ)² (as the seed's primer).
 * Flat layout and initialisation as the MLP (src/models/mlp.ts): `linear{l}.weight` [out, in]
 * row-major, then `linear{l}.bias`, PyTorch's nn.Linear default U(−1/√fan_in, 1/√fan_in).
 * Mini-batches (8 as the seed, or 32) come from the model's batch stream (shuffled epochs).
 *
 * SGD+ of seed 004 (v ← μv + g, p ← p − lr·v, v₀ = 0) is the optimizer id `sgd` with `momentum: μ`
 * (PyTorch's form with dampening 0: b₁ = g₁, the same thing).
 */
import * as tf from '@tensorflow/tfjs';
import { makeRng, type Rng } from '../rng';
import type { Sampling } from '../run/batches';
import { TensorRun } from '../tensor/trainer';
import { batchTensors, type TensorModel } from './model';
import { denseDim, denseForward, denseLayout, DeviceData, initDense, mse, type XYBatch } from './mlp';
import { makeTwoClassData, type TwoClassData } from './twoClass';

export interface ClassifierOptions {
  /** Hidden widths; [] is the one-neuron classifier. */
  hidden: number[];
  activation?: 'sigmoid' | 'relu';
  data: TwoClassData;
  /** The batch stream; default makeRng('classifier').fork('batches'). */
  batchRng?: Rng;
  sampling?: Sampling;
}

export interface NeuronClassifier extends TensorModel<XYBatch> {
  readonly sizes: number[];
  readonly n: number;
  stepsPerEpoch(batchSize: number): number;
  /** p(x; θ) ∈ (0, 1): [B, 1] for θ [P], [R, B, 1] for θ [R, P]. */
  forward(theta: tf.Tensor, x: tf.Tensor): tf.Tensor;
  /** Loss over the whole data set, per run (θ of length P, or R·P row-major). */
  fullLoss(theta: Float32Array): Float32Array;
  /** `fullLoss` with an asynchronous readback (WebGPU in a worker needs it). */
  fullLossAsync(theta: Float32Array): Promise<Float32Array>;
  /** Share of the data classified right (p ≥ ½ ⇔ class 1), per run. */
  accuracy(theta: Float32Array): Float32Array;
}

export function makeNeuronClassifier(opts: ClassifierOptions): NeuronClassifier {
  const { data } = opts;
  const act = opts.activation ?? 'sigmoid';
  const sizes = [data.d, ...opts.hidden, 1];
  const dim = denseDim(sizes);
  const store = new DeviceData(data.x, data.y, data.n, data.d, opts.batchRng ?? makeRng('classifier').fork('batches'), opts.sampling);
  const forward = (theta: tf.Tensor, x: tf.Tensor) => denseForward(theta, x, sizes, act, 'sigmoid');
  const rows = (theta: Float32Array) => {
    if (theta.length % dim !== 0) throw new Error(`θ length ${theta.length} is not a multiple of P = ${dim}`);
    return tf.tensor2d(theta, [theta.length / dim, dim]);
  };
  return {
    id: opts.hidden.length ? `classifier-${data.d}-${opts.hidden.join('-')}-1` : 'one-neuron',
    dim,
    sizes,
    n: data.n,
    layout: denseLayout(sizes),
    initParams: (rng) => initDense(rng, sizes),
    batch: (k, b) => store.batch(k, b),
    stepsPerEpoch: (b) => store.stepsPerEpoch(b),
    loss: (theta, batch) => mse(forward(theta, batch.x), batch.y),
    forward,
    fullLoss: (theta) => tf.tidy(() => mse(forward(rows(theta), store.x), store.y).dataSync() as Float32Array),
    async fullLossAsync(theta) {
      const l = tf.tidy(() => mse(forward(rows(theta), store.x), store.y));
      const v = (await l.data()) as Float32Array;
      l.dispose();
      return v;
    },
    accuracy: (theta) =>
      tf.tidy(() => {
        const right = tf.equal(tf.greaterEqual(forward(rows(theta), store.x), 0.5), tf.greaterEqual(store.y, 0.5));
        return tf.mean(tf.cast(right, 'float32'), [1, 2]).dataSync() as Float32Array;
      }),
    dispose: () => store.dispose(),
  };
}

export interface BetaGridOptions {
  beta1s: number[];
  beta2s: number[];
  steps: number;
  lr: number;
  batchSize: number;
  seed: number | string;
  /** Hidden widths; default [2] (the seed's multi-neuron 4-2-1 network). */
  hidden?: number[];
  /** Default makeTwoClassData(makeRng(seed).fork('data')). */
  data?: TwoClassData;
  eps?: number;
  /** Metrics are read back every this many steps (bounds device memory); default 500. */
  drainEvery?: number;
  /** Called after each cell (for a live heat-map). */
  onCell?: (cell: BetaCell, index: number) => void;
}

export interface BetaCell {
  beta1: number;
  beta2: number;
  /** Wall time of the cell's training loop, metrics readbacks included. */
  timeMs: number;
  /** Mini-batch loss of the last update (the seed's "final loss"). */
  finalLoss: number;
  /** Smallest mini-batch loss seen (the seed's "minimum loss"). */
  minLoss: number;
  /** Loss over the whole data set after the last update. */
  fullLoss: number;
}

/**
 * Trains Adam for every (β₁, β₂) (row-major: β₁ outer) from the same θ₀ (fork('init')) on the same
 * data and the same batch sequence (fork('batches')), and reports per cell the time, final and
 * minimum mini-batch loss and the final full-data loss.
 *
 * Cells run one after another as [P] runs: a TensorRun's hyperparameters (here the betas) are plain
 * numbers shared by all rows of an [R, P] run, so cells with different betas cannot share one
 * program without per-row hyperparameters in src/optim (see docs/models.md).
 */
export async function runBetaGrid(o: BetaGridOptions): Promise<BetaCell[]> {
  const root = makeRng(o.seed);
  const data = o.data ?? makeTwoClassData(root.fork('data'));
  const model = makeNeuronClassifier({ hidden: o.hidden ?? [2], data, batchRng: root.fork('batches') });
  const theta0 = model.initParams(root.fork('init'));
  const drainEvery = o.drainEvery ?? 500;
  const cells: BetaCell[] = [];
  try {
    for (const beta1 of o.beta1s) {
      for (const beta2 of o.beta2s) {
        const start = tf.tensor1d(theta0);
        const hyper = { lr: o.lr, betas: [beta1, beta2] as [number, number], ...(o.eps !== undefined ? { eps: o.eps } : {}) };
        const t0 = performance.now();
        const run = new TensorRun(model, 'adam', hyper, undefined, start, model.stepsPerEpoch(o.batchSize));
        start.dispose();
        let minLoss = Infinity, finalLoss = NaN;
        // Asynchronous readbacks: WebGPU's synchronous one is unreliable in a worker.
        const drain = async () => {
          const l = (await run.drainMetricsAsync()).loss;
          for (const v of l) if (v < minLoss) minLoss = v;
          if (l.length) finalLoss = l[l.length - 1];
        };
        for (let k = 0; k < o.steps; k++) {
          const b = model.batch(k, o.batchSize);
          run.step(b);
          tf.dispose(batchTensors(b));
          if ((k + 1) % drainEvery === 0) await drain();
        }
        await drain();
        const theta = await run.readThetaAsync();
        const timeMs = performance.now() - t0;
        cells.push({ beta1, beta2, timeMs, finalLoss, minLoss, fullLoss: (await model.fullLossAsync(theta))[0] });
        o.onCell?.(cells[cells.length - 1], cells.length - 1);
        run.dispose();
      }
    }
  } finally {
    model.dispose();
  }
  return cells;
}
