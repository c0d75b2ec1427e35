/**
 * Analyses of a trained model that the worker computes on demand (S10, S13), on the tensor path:
 * - the loss landscape around a run's current θ: L(θ + tΔ₁ + sΔ₂) on a G×G grid as one batched
 *   evaluation of G² parameter rows, the 1-D line L(θ + tΔ₁), and the run's recorded trajectory
 *   projected on (Δ₁, Δ₂) — a real model's weights drawn on a contour;
 * - the Adam β₁ × β₂ grid of the neuron classifier (time, final and minimum loss per cell).
 */
import * as tf from '@tensorflow/tfjs';
import { makeRng } from '../rng';
import { clipValues, evaluateAlongAsync, linspace, projectTrajectory, quantile, randomDirection, type DirectionScaling } from '../models/landscape';
import { runBetaGrid, type BetaCell } from '../models/classifier';
import { batchTensors } from '../models/model';
import type { TensorRunner } from './tensorRunner';

export interface LandscapeRequest {
  run: number;
  /** Grid points per axis (G). */
  grid: number;
  /** Half-width of the slice: t, s ∈ [−span, span]. */
  span: number;
  scaling: DirectionScaling;
  seed: number;
}

export interface LandscapeResult {
  ts: Float32Array;
  ss: Float32Array;
  /** Clipped for display: z[j·G + i] = L(θ + tsᵢΔ₁ + ssⱼΔ₂). */
  z: Float32Array;
  clip: number;
  center: number;
  /** The 1-D slice along Δ₁ over the same ts. */
  line: Float32Array;
  /** The recorded trajectory's coordinates (a, b) in the plane, oldest first. */
  path: { a: Float64Array; b: Float64Array };
}

export const MAX_LANDSCAPE_GRID = 151;

/** The landscape around run `req.run`'s current parameters, on the full data (asynchronous readbacks). */
export async function landscapeOf(runner: TensorRunner, req: LandscapeRequest): Promise<LandscapeResult> {
  const r = runner.runs[req.run];
  if (!r) throw new Error(`run ${req.run}: no such run`);
  const model = runner.model;
  const G = Math.max(3, Math.min(MAX_LANDSCAPE_GRID, Math.floor(req.grid)));
  const span = Number.isFinite(req.span) && req.span > 0 ? Math.min(req.span, 1e3) : 1;
  const theta = await r.run.readThetaAsync();
  const rng = makeRng(req.seed).fork('landscape');
  const d1 = randomDirection(rng.fork(1), theta, req.scaling, model.layout);
  const d2 = randomDirection(rng.fork(2), theta, req.scaling, model.layout);
  const full = model.batch(0, runner.n);
  try {
    const loss = (rows: tf.Tensor) => model.loss(rows, full);
    const ts = linspace(-span, span, G);
    // The G² rows (t, s) of the grid, then the line along Δ₁ and the centre: one batched evaluation each.
    const t = new Float32Array(G * G), s = new Float32Array(G * G);
    for (let j = 0; j < G; j++) for (let i = 0; i < G; i++) { t[j * G + i] = ts[i]; s[j * G + i] = ts[j]; }
    const z = await evaluateAlongAsync(loss, theta, d1, t, d2, s);
    const line = await evaluateAlongAsync(loss, theta, d1, ts);
    const center = (await evaluateAlongAsync(loss, theta, d1, [0]))[0];
    const clip = quantile(z, 0.95);
    const rec = r.recorder;
    const traj: Float64Array[] = [];
    for (let i = 0; i < rec.length; i++) {
      const row = rec.params.subarray(i * rec.dim, (i + 1) * rec.dim);
      if (rec.dim === model.dim && Number.isFinite(row[0])) traj.push(row);
    }
    const path = traj.length ? projectTrajectory(traj, theta, d1, d2) : { a: new Float64Array(0), b: new Float64Array(0) };
    return { ts, ss: Float32Array.from(ts), z: clipValues(z, clip), clip, center, line, path: { a: path.a, b: path.b } };
  } finally {
    tf.dispose(batchTensors(full));
  }
}

export interface BetaGridRequest {
  beta1s: number[];
  beta2s: number[];
  steps: number;
  lr: number;
  batchSize: number;
  hidden: number;
  seed: number;
}

/** S13's Adam grid; `onCell` reports each cell as it finishes (a live heat-map). */
export function betaGrid(req: BetaGridRequest, onCell: (cell: BetaCell, index: number) => void): Promise<BetaCell[]> {
  const inUnit = (b: number) => Number.isFinite(b) && b >= 0 && b < 1;
  if (!req.beta1s.length || !req.beta2s.length || ![...req.beta1s, ...req.beta2s].every(inUnit)) {
    throw new Error('betaGrid: every β must be in [0, 1)');
  }
  if (req.beta1s.length * req.beta2s.length > 64) throw new Error('betaGrid: at most 64 cells');
  return runBetaGrid({
    beta1s: req.beta1s, beta2s: req.beta2s,
    steps: Math.max(1, Math.min(200_000, Math.floor(req.steps))),
    lr: req.lr, batchSize: Math.max(1, Math.floor(req.batchSize)), seed: req.seed,
    hidden: req.hidden ? [req.hidden] : [],
    onCell,
  });
}
