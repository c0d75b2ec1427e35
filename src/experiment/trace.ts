/**
 * The trace format, version 1 (docs/formats.md): what "Export data" and the headless runner write.
 * Entry i of each array belongs to recorded step `step[i]`: `params[i]` is the point after `step[i]`
 * updates (step 0 is the start), `loss[i]` the full loss there, `batchLoss[i]`, `stepSize[i]` and
 * `gradNorm[i]` those of the update that produced it (null at step 0).
 */
import type { Runner } from '../run/runner';
import type { Experiment } from './types';

export interface TraceRun {
  label: string;
  optimizer: string;
  status: 'ok' | 'diverged';
  reason?: string;
  divergedAt?: number;
  /** Function evaluations beyond one per step (Armijo trials, look-ahead gradients). */
  extraEvaluations: number;
  step: number[];
  loss: (number | null)[];
  batchLoss: (number | null)[];
  stepSize: (number | null)[];
  gradNorm: (number | null)[];
  params: number[][];
}

export interface Trace {
  version: 1;
  experiment: Experiment;
  data: { x: number[][]; y: number[] } | null;
  runs: TraceRun[];
}

/** JSON has no NaN or ±Infinity: they become null. */
const jsonNumber = (v: number): number | null => (Number.isFinite(v) ? v : null);

export function makeTrace(runner: Runner): Trace {
  const { problem } = runner;
  return {
    version: 1,
    experiment: runner.experiment,
    data: problem.data ? { x: problem.data.x, y: problem.data.y } : null,
    runs: runner.runs.map((r) => {
      const rec = r.recorder;
      const n = rec.length;
      const col = (a: Float64Array) => Array.from(a.subarray(0, n), jsonNumber) as (number | null)[];
      const params: number[][] = [];
      for (let i = 0; i < n; i++) params.push(Array.from(rec.params.subarray(i * rec.dim, (i + 1) * rec.dim)));
      const out: TraceRun = {
        label: r.label,
        optimizer: r.optimizer,
        status: r.status === 'diverged' ? 'diverged' : 'ok',
        extraEvaluations: r.extraEvaluations,
        step: Array.from(rec.step.subarray(0, n)),
        loss: col(rec.loss),
        batchLoss: col(rec.batchLoss),
        stepSize: col(rec.stepSize),
        gradNorm: col(rec.gradNorm),
        params,
      };
      if (r.status === 'diverged') {
        out.reason = r.reason;
        out.divergedAt = r.divergedAt;
      }
      return out;
    }),
  };
}
