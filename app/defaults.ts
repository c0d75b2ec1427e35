/** The experiment the page opens with, and the small rules for building runs from the tables. */
import type { Experiment, RunSpec } from '../src/index';
import type { Hyper } from '../src/index';
import { OPTIMIZERS, OPTIMIZER_IDS } from '../src/index';
import { PROBLEMS, PROBLEM_IDS } from '../src/index';
import { isModel, modelExperiment } from './models';

/** Run colours (Tableau 10): a run keeps its colour in every view and in the controls. */
export const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/** The first palette colour no run uses yet. */
export function nextColor(runs: readonly RunSpec[]): string {
  const used = new Set(runs.map((r) => r.color));
  return PALETTE.find((c) => !used.has(c)) ?? PALETTE[runs.length % PALETTE.length];
}

export function runColor(run: RunSpec | undefined, index: number): string {
  return run?.color ?? PALETTE[index % PALETTE.length];
}

export function hasData(problemId: string): boolean {
  return (PROBLEMS[problemId]?.generators.length ?? 0) > 0;
}

/** A run of optimizer `id` (hyper holds only the values that differ from the defaults). */
export function makeRun(id: string, runs: readonly RunSpec[], hyper: Hyper = {}): RunSpec {
  return { label: OPTIMIZERS[id]?.label ?? id, optimizer: id, hyper, batchSize: 1, color: nextColor(runs) };
}

/** A fresh experiment on `problemId` that keeps the given runs (their init is dropped: the dimension may differ). */
export function experimentFor(problemId: string, runs: readonly RunSpec[]): Experiment {
  if (isModel(problemId)) return modelExperiment(problemId, runs); // a neural model (tensor path)
  const spec = PROBLEMS[problemId];
  const data = spec.defaultData ? { ...spec.defaultData } : undefined;
  const exp: Experiment = {
    version: 1,
    problem: problemId,
    runs: runs.map(({ init: _init, ...r }) => ({ ...r, batchSize: data ? Math.min(r.batchSize ?? 1, data.n ?? Infinity) : 1 })),
    ...(hasData(problemId) ? { epochs: 50 } : { steps: 2000 }),
  };
  if (data) exp.data = data;
  return exp;
}

/** two-well if the table has it, else the first problem; SGD lr 0.01, Polyak, Adam lr 0.1; batch 1. */
export function defaultExperiment(): Experiment {
  const problem = PROBLEMS['two-well'] ? 'two-well' : PROBLEM_IDS[0];
  const runs: RunSpec[] = [];
  const wanted: [string, Hyper][] = [['sgd', { lr: 0.01 }], ['polyak', {}], ['adam', { lr: 0.1 }]];
  for (const [id, hyper] of wanted) {
    if (OPTIMIZERS[id]) runs.push(makeRun(id, runs, pruneDefaults(id, hyper)));
  }
  if (runs.length === 0) runs.push(makeRun(OPTIMIZER_IDS[0], runs));
  return experimentFor(problem, runs);
}

/** Drops hyperparameters equal to their defaults (keeps links short; ∞ never has to be serialised). */
export function pruneDefaults(id: string, hyper: Hyper): Hyper {
  const spec = OPTIMIZERS[id];
  const out: Hyper = {};
  for (const [k, v] of Object.entries(hyper)) {
    const d = spec?.hyper[k]?.default;
    const same = Array.isArray(v) && Array.isArray(d) ? v.length === d.length && v.every((x, i) => x === d[i]) : v === d;
    if (!same) out[k] = v;
  }
  return out;
}
