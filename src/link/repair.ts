/**
 * Cross-key checks of a decoded link, for what `parseExperiment` alone lets through but the runner
 * would refuse: problem parameters or data the problem cannot be built with (a quadratic that is not
 * positive definite, 3 features for a 1-D model), start points and H⁻¹ diagonals of the wrong length,
 * batches larger than the data. Each is dropped or clamped and reported under its key.
 */
import type { DataSpec, Experiment } from '../experiment/types';
import { dataSampleCount } from '../experiment/schema';
import { OPTIMIZERS } from '../optim/aliases';
import type { Problem } from '../problems/problem';
import { PROBLEMS, makeProblem } from '../problems/registry';
import { makeRng } from '../rng';
import type { Issues } from './issues';
import { DATA_KEYS, PARAM_PREFIX, POINTS_KEY, TEXT_KEY } from './keys';

/** Rows used to build the problem for the checks: a problem's dimension does not depend on N. */
const PROBE_ROWS = 16;

function probeData(data: DataSpec | undefined): DataSpec | undefined {
  if (!data || 'text' in data) return data;
  if ('points' in data) return { points: data.points.slice(0, PROBE_ROWS) };
  return { ...data, n: Math.min(data.n ?? PROBE_ROWS, PROBE_ROWS) };
}

function tryMake(e: Experiment, params: Experiment['problemParams'], data: DataSpec | undefined): Problem | string {
  try {
    return makeProblem(e.problem, params, probeData(data), makeRng(0).fork('data'), { expression: e.expression });
  } catch (err) {
    return String((err as Error)?.message ?? err);
  }
}

/** The link keys that carried `data`. */
function dataKeys(data: DataSpec): string[] {
  if ('points' in data) return [POINTS_KEY.key];
  if ('text' in data) return [TEXT_KEY.key];
  return DATA_KEYS.filter((f) => f.get(data) !== undefined).map((f) => f.key);
}

/**
 * Builds the problem; if that fails, drops the problem parameters, then the data, then both, until
 * it builds (each dropped key reported with the builder's message). Undefined if nothing helps.
 */
function buildProblem(e: Experiment, issues: Issues): Problem | undefined {
  const first = tryMake(e, e.problemParams, e.data);
  if (typeof first !== 'string') return first;
  const tries: [boolean, boolean][] = [[true, false], [false, true], [true, true]]; // [drop params, drop data]
  for (const [dropParams, dropData] of tries) {
    if ((dropParams && !e.problemParams) || (dropData && !e.data)) continue;
    const p = tryMake(e, dropParams ? undefined : e.problemParams, dropData ? undefined : e.data);
    if (typeof p === 'string') continue;
    if (dropParams) {
      for (const k of Object.keys(e.problemParams!)) issues.add(PARAM_PREFIX + k, `${first}; ignored`);
      delete e.problemParams;
    }
    if (dropData) {
      for (const k of dataKeys(e.data!)) issues.add(k, `${first}; ignored`);
      delete e.data;
    }
    return p;
  }
  issues.add('problem', first); // left for the page to show; the link cannot do better
  return undefined;
}

/** Number of samples N the runner will see, if known without generating the data. */
function sampleCount(e: Experiment, problem: Problem | undefined): number | undefined {
  if (!PROBLEMS[e.problem]) return undefined; // tensor-path models: the worker checks their batches
  return dataSampleCount(e) ?? problem?.n;
}

/** Fixes what needs the built problem or the data size; `indices[j]` is run j's index in the link. */
export function repair(e: Experiment, indices: number[], issues: Issues): void {
  if (e.expression !== undefined && e.problem !== 'expression') {
    issues.add('expr', `only problem "expression" takes a typed objective; ignored`);
    delete e.expression;
  }
  // Only float64 problems can be built here (tensor models need TF.js, in the worker).
  const problem = PROBLEMS[e.problem] ? buildProblem(e, issues) : undefined;
  const n = sampleCount(e, problem);
  e.runs.forEach((run, j) => {
    const prefix = `r${indices[j]}.`;
    if (problem && Array.isArray(run.init) && run.init.length !== problem.dim) {
      issues.add(`${prefix}init`, `${e.problem} has ${problem.dim} parameters (${problem.paramNames.join(', ')}), got ${run.init.length} values; ignored`);
      delete run.init;
    }
    const spec = OPTIMIZERS[run.optimizer];
    for (const [name, v] of Object.entries(run.hyper ?? {})) {
      if (problem && spec.hyper[name]?.kind === 'vector' && Array.isArray(v) && v.length > 0 && v.length !== problem.dim) {
        issues.add(prefix + name, `needs ${problem.dim} entries (one per parameter), got ${v.length}; ignored`);
        delete run.hyper![name];
        if (Object.keys(run.hyper!).length === 0) delete run.hyper;
      }
    }
    if (n !== undefined && run.batchSize !== undefined && run.batchSize > n) {
      issues.add(`${prefix}bs`, `${run.batchSize} is larger than the ${n} samples; clamped to ${n}`);
      run.batchSize = n;
    }
  });
}
