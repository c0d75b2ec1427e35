/**
 * The loss of the loaded problem, rebuilt on the page for view models that need f at points the worker
 * never visited: f(θ̄_k) of the averaged iterates (S9) and the full-data gradient in the step
 * inspector. It is built by the runner's own constructor from the same validated experiment, so the
 * data (drawn from the same seeded streams) and therefore f are identical to the worker's.
 *
 * Cost: building generates the data once (as the worker does); each loss is O(N·P). Callers evaluate
 * only the few points they display.
 */
import type { Experiment } from '../experiment/types';
import { Runner } from '../run/runner';

export interface PageProblem {
  id: string;
  dim: number;
  /** Number of samples N. */
  n: number;
  /** Full-data loss f(θ); writes ∇f(θ) into `grad` when given. */
  loss(theta: ArrayLike<number>, grad?: Float64Array): number;
}

/** The problem of a validated experiment, or the reason it could not be built. */
export function pageProblem(experiment: Experiment): PageProblem | string {
  let runner: Runner;
  try {
    // Only the problem is needed; the runs are tiny and built by the same constructor for free.
    runner = new Runner({ ...experiment, steps: 0, epochs: undefined });
  } catch (err) {
    return (err as Error).message;
  }
  const p = runner.problem;
  return {
    id: p.id,
    dim: p.dim,
    n: p.n,
    loss: (theta, grad) => p.loss(theta instanceof Float64Array ? theta : Float64Array.from(theta), null, grad),
  };
}

/**
 * Whether a page-built problem is the one the worker describes: same id, size, and (when an optimum
 * is known) the same f(θ*) to rounding. Guards against an experiment edited between load and build.
 */
export function sameProblem(p: PageProblem, info: { id: string; dim: number; n: number; optimum: { theta: number[]; value: number } | null }): boolean {
  if (p.id !== info.id || p.dim !== info.dim || p.n !== info.n) return false;
  if (!info.optimum) return true;
  const v = p.loss(info.optimum.theta);
  return Math.abs(v - info.optimum.value) <= 1e-9 * Math.max(1, Math.abs(info.optimum.value));
}
