/**
 * The training loop of the tensor path: the same optimizer definitions as the float64 runner
 * (src/optim/), on TF.js tensors. θ is one flat parameter vector [P] (a model unflattens it in its
 * forward pass), or [R, P] for R runs batched into one program.
 *
 * Per step, inside one tf.tidy: (f_S(θ), ∇f_S(θ)) by reverse mode, the optimizer chain, θ ← θ + Δθ.
 * Metrics (loss, step size, gradient norm) stay on the device as small tensors and are read back
 * once per frame (`drainMetrics`): a readback costs milliseconds, a dispatch microseconds.
 */
import * as tf from '@tensorflow/tfjs';
import { makeOptimizerOn } from '../optim/aliases';
import { withDefaults } from '../optim/aliases';
import { CONSTANT, type ScheduleSpec } from '../optim/schedules';
import type { Hyper, StepContext, Transform } from '../optim/transform';
import { box, release, replace, tensorOps, type TBox, type TScalar } from './ops';

/** A differentiable objective on the tensor path. */
export interface TensorObjective<B = unknown> {
  /** Per-run mini-batch loss: shape [] or [1] for θ of shape [P], [R] or [R, 1] for θ of shape [R, P]. */
  loss(theta: tf.Tensor, batch: B): tf.Tensor;
}

export interface Metrics {
  loss: Float32Array;
  stepSize: Float32Array;
  gradNorm: Float32Array;
}

export class TensorRun<B = unknown> {
  readonly theta: TBox;
  readonly hyper: Hyper;
  private readonly transform: Transform<unknown, TBox, TScalar>;
  private readonly state: unknown;
  private readonly pending: { loss: tf.Tensor; stepSize: tf.Tensor; gradNorm: tf.Tensor }[] = [];
  /** Updates done. */
  t = 0;

  constructor(
    private readonly objective: TensorObjective<B>,
    readonly optimizer: string,
    hyper: Hyper = {},
    schedule: ScheduleSpec = CONSTANT,
    theta0: tf.Tensor,
    private readonly stepsPerEpoch = 1,
  ) {
    this.hyper = withDefaults(optimizer, hyper);
    this.transform = makeOptimizerOn(tensorOps, optimizer, this.hyper, schedule);
    this.theta = box(theta0);
    // State vectors are kept boxes (see ops.ts), so no tidy is needed around init.
    this.state = this.transform.init(this.theta);
  }

  /** One update on `batch`; its metrics join the pending ones (no readback). */
  step(batch: B): void {
    const k = this.t;
    tf.tidy(() => {
      // One forward pass: the per-run losses are captured (kept) from inside the differentiated
      // function, which returns their sum (runs are independent, so ∇ of the sum is per-row ∇).
      let perRun: tf.Tensor | null = null;
      const f = (th: tf.Tensor) => {
        const l = this.objective.loss(th, batch);
        perRun = tf.keep(th.rank === 1 ? tf.reshape(l, [1]) : tf.reshape(l, [th.shape[0], 1]));
        return tf.sum(l);
      };
      const { grad } = tf.valueAndGrad(f)(this.theta.t);
      const lossNow = perRun as unknown as tf.Tensor;
      const gradBox: TBox = { t: grad };
      const u: TBox = { t: grad.clone() };
      const ctx: StepContext<TBox, TScalar> = {
        t: k + 1,
        epoch: Math.floor(k / this.stepsPerEpoch),
        loss: lossNow,
        params: this.theta,
        grad: gradBox,
        oracle: {
          evaluate: (x, g) => {
            if (!g) return this.perRunLossAt(x.t, batch);
            const r = tf.valueAndGrad((th: tf.Tensor) => tf.sum(this.objective.loss(th, batch)))(x.t);
            replace(g, r.grad);
            return this.perRunLossAt(x.t, batch);
          },
        },
        stepSize: tf.scalar(1),
        evaluations: 0,
      };
      this.transform.update(u, this.state, ctx);
      replace(this.theta, tf.add(this.theta.t, u.t));
      const gradNorm = tf.sqrt(tf.sum(tf.square(grad), -1, true));
      this.pending.push({
        loss: lossNow,
        stepSize: tf.keep(tf.mul(tf.onesLike(lossNow), ctx.stepSize)),
        gradNorm: tf.keep(gradNorm),
      });
      release(u);
    });
    this.t = k + 1;
  }

  private perRunLossAt(theta: tf.Tensor, batch: B): tf.Tensor {
    const l = this.objective.loss(theta, batch);
    return theta.rank === 1 ? tf.reshape(l, [1]) : tf.reshape(l, [theta.shape[0], 1]);
  }

  /** Reads back the metrics of the steps since the last call: one readback, then frees them. */
  drainMetrics(): Metrics {
    if (this.pending.length === 0) return { loss: new Float32Array(0), stepSize: new Float32Array(0), gradNorm: new Float32Array(0) };
    const read = (key: 'loss' | 'stepSize' | 'gradNorm') => {
      const all = tf.tidy(() => tf.concat(this.pending.map((p) => tf.reshape(p[key], [-1]))));
      const values = all.dataSync() as Float32Array;
      all.dispose();
      return values;
    };
    const out = { loss: read('loss'), stepSize: read('stepSize'), gradNorm: read('gradNorm') };
    for (const p of this.pending.splice(0)) tf.dispose([p.loss, p.stepSize, p.gradNorm]);
    return out;
  }

  /**
   * `drainMetrics` with an asynchronous readback. The worker uses this one: on WebGPU, TF.js's
   * synchronous readback goes through an OffscreenCanvas and returns zeros on some adapters
   * (SwiftShader in a worker), so every readback on the tensor path awaits `data()`.
   */
  async drainMetricsAsync(): Promise<Metrics> {
    const pending = this.pending.splice(0);
    if (pending.length === 0) return { loss: new Float32Array(0), stepSize: new Float32Array(0), gradNorm: new Float32Array(0) };
    const all = tf.tidy(() => tf.concat(pending.flatMap((p) => [tf.reshape(p.loss, [-1]), tf.reshape(p.stepSize, [-1]), tf.reshape(p.gradNorm, [-1])])));
    for (const p of pending) tf.dispose([p.loss, p.stepSize, p.gradNorm]);
    const values = (await all.data()) as Float32Array;
    all.dispose();
    // Per step: [loss (R) | stepSize (R) | gradNorm (R)], step after step.
    const R = pending[0].loss.size;
    const out = { loss: new Float32Array(pending.length * R), stepSize: new Float32Array(pending.length * R), gradNorm: new Float32Array(pending.length * R) };
    for (let k = 0; k < pending.length; k++) {
      out.loss.set(values.subarray(3 * k * R, 3 * k * R + R), k * R);
      out.stepSize.set(values.subarray(3 * k * R + R, 3 * k * R + 2 * R), k * R);
      out.gradNorm.set(values.subarray(3 * k * R + 2 * R, 3 * k * R + 3 * R), k * R);
    }
    return out;
  }

  /** θ on the CPU, read asynchronously (see drainMetricsAsync). */
  async readThetaAsync(): Promise<Float32Array> {
    return (await this.theta.t.data()) as Float32Array;
  }

  /** θ on the CPU (a readback). */
  readTheta(): Float32Array {
    return this.theta.t.dataSync() as Float32Array;
  }

  /** Frees θ and the optimizer state. */
  dispose(): void {
    this.drainMetrics();
    release(this.theta);
    tf.dispose(collectTensors(this.state));
  }
}

/** Every tensor inside an optimizer state (boxes nested in arrays and objects). */
function collectTensors(state: unknown, out: tf.Tensor[] = []): tf.Tensor[] {
  if (state instanceof tf.Tensor) out.push(state);
  else if (Array.isArray(state)) for (const s of state) collectTensors(s, out);
  else if (state && typeof state === 'object') for (const v of Object.values(state)) collectTensors(v, out);
  return out;
}
