/**
 * Sweeps as one tensor program ("vmap by hand", REFERENCE §5): R runs of one model that differ only
 * in their initial seed and/or learning rate train as the rows of one [R, P] parameter matrix, so a
 * step costs about one run's dispatches instead of R. Batch sizes change shapes, so a sweep over
 * batch sizes runs one program per batch size.
 */
import * as tf from '@tensorflow/tfjs';
import { makeRng } from '../rng';
import type { Hyper } from '../optim/transform';
import type { TensorModel } from '../models/model';
import { batchTensors } from '../models/model';
import { TensorRun } from './trainer';

export interface SweepRequest {
  optimizer: string;
  /** Shared hyperparameters (a `lr` here is overridden by `lrs`). */
  hyper: Hyper;
  /** One learning rate per row (else the shared lr). */
  lrs?: number[];
  /** One init seed per row (else one shared start). */
  seeds?: number[];
  steps: number;
  batchSize: number;
}

export interface SweepResult {
  rows: { seed: number | null; lr: number | null; finalLoss: number; minLoss: number }[];
  /** loss[r][k]: mini-batch loss of row r at update k + 1. */
  loss: Float32Array[];
  timeMs: number;
}

export const MAX_SWEEP_ROWS = 4096;

export async function batchedSweep(model: TensorModel<unknown>, req: SweepRequest): Promise<SweepResult> {
  const rows = Math.max(req.lrs?.length ?? 1, req.seeds?.length ?? 1);
  if (req.lrs && req.seeds && req.lrs.length !== req.seeds.length) throw new Error('sweep: give as many lrs as seeds (one per row)');
  if (rows > MAX_SWEEP_ROWS) throw new Error(`sweep: at most ${MAX_SWEEP_ROWS} rows`);
  const P = model.dim;
  const theta0 = new Float32Array(rows * P);
  for (let r = 0; r < rows; r++) theta0.set(model.initParams(makeRng(req.seeds?.[r] ?? req.seeds?.[0] ?? 0).fork('init')), r * P);
  const hyper: Hyper = { ...req.hyper, ...(req.lrs ? { lr: [...req.lrs] } : {}) };
  const start = tf.tensor2d(theta0, [rows, P]);
  const run = new TensorRun(model, req.optimizer, hyper, undefined, start);
  start.dispose();
  const loss = Array.from({ length: rows }, () => new Float32Array(req.steps));
  const t0 = performance.now();
  try {
    for (let k = 0; k < req.steps; k += 200) {
      const n = Math.min(200, req.steps - k);
      for (let j = 0; j < n; j++) {
        const b = model.batch(k + j, req.batchSize);
        run.step(b);
        tf.dispose(batchTensors(b));
      }
      const m = await run.drainMetricsAsync(); // [n × rows], step-major (async: WebGPU)
      for (let j = 0; j < n; j++) for (let r = 0; r < rows; r++) loss[r][k + j] = m.loss[j * rows + r];
    }
  } finally {
    run.dispose();
  }
  const timeMs = performance.now() - t0;
  return {
    rows: loss.map((l, r) => ({
      seed: req.seeds ? req.seeds[r] : null,
      lr: req.lrs ? req.lrs[r] : null,
      finalLoss: l[l.length - 1],
      minLoss: l.reduce((a, b) => (b < a ? b : a), Infinity),
    })),
    loss,
    timeMs,
  };
}
