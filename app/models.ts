/**
 * The neural models of the tensor path, as the page sees them: their table (MODEL_CATALOG, no TF.js),
 * and the experiment a model opens with. TF.js itself runs only in the worker.
 */
import type { Experiment, ProblemSpec, RunSpec } from '../src/index';
import { MODEL_CATALOG, PROBLEMS } from '../src/index';


export function isModel(problemId: string): boolean {
  return MODEL_CATALOG[problemId] !== undefined;
}

/** The table entry of an analytic problem or a neural model (ids, labels, parameters, data). */
export function problemMeta(problemId: string): Pick<ProblemSpec, 'label' | 'scenario' | 'params' | 'generators' | 'defaultData' | 'acceptsPoints' | 'acceptsText'> | undefined {
  return PROBLEMS[problemId] ?? MODEL_CATALOG[problemId];
}

/** Iterations a model trains by default, and the mini-batch of its runs (undefined: the full batch). */
const MODEL_RUNS: Record<string, { steps: number; batchSize?: number }> = {
  // S10: full-batch training on the 7 points.
  mlp: { steps: 2000 },
  classifier: { steps: 2000, batchSize: 32 },
  // S5: B = 16 windows per step, an evaluation every eval_every steps.
  transformer: { steps: 2000, batchSize: 16 },
};

/** A fresh experiment on model `id` that keeps the runs' optimizers and hyperparameters. */
export function modelExperiment(id: string, runs: readonly RunSpec[]): Experiment {
  const meta = MODEL_CATALOG[id];
  const plan = MODEL_RUNS[id] ?? { steps: 2000 };
  const exp: Experiment = {
    version: 1,
    problem: id,
    runs: runs.map(({ init: _init, batchSize: _b, ...r }) => (plan.batchSize !== undefined ? { ...r, batchSize: plan.batchSize } : r)),
    steps: plan.steps,
  };
  if (meta?.defaultData) exp.data = { ...meta.defaultData };
  return exp;
}
