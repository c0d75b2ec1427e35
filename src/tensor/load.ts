/**
 * Loads a neural-model experiment in the worker: chooses the TF.js backend, builds the model and
 * its runner. Imported dynamically by the session, so TF.js loads only when a model is opened.
 */
import { makeRng } from '../rng';
import type { Experiment } from '../experiment/types';
import { MODEL_CATALOG } from '../models/catalog';
import { MODEL_MAKERS } from '../models/registry';
import type { Engine } from '../run/engine';
import type { ProblemInfo } from '../worker/protocol';
import { selectBackend, watchDeviceLoss, type BackendName } from './backend';
import { TensorRunner, type RunSnapshot } from './tensorRunner';

export interface LoadOptions {
  /** Continue every run from these snapshots (after a lost device). */
  resume?: RunSnapshot[];
  /** Backends not to try again, with the reason. */
  exclude?: { name: BackendName; reason: string }[];
  /** Called if the WebGPU device behind the engine is lost. */
  onDeviceLost?: (reason: string) => void;
}
import { Runner } from '../run/runner';
import { describeAnalytic } from '../worker/describe';
import { leastSquaresTensorModel } from './leastSquaresModel';
import { analyticTensorModel } from './analyticTensor';
import { withMemoryAdvice } from './memoryAdvice';

export async function loadTensorEngine(experiment: Experiment, opts: LoadOptions = {}): Promise<{ engine: Engine; info: ProblemInfo }> {
  try {
    return await (MODEL_CATALOG[experiment.problem] ? loadModel(experiment, opts) : loadFloat32(experiment, opts));
  } catch (err) {
    throw withMemoryAdvice(err, 'building the model');
  }
}

async function loadModel(experiment: Experiment, opts: LoadOptions): Promise<{ engine: Engine; info: ProblemInfo }> {
  const meta = MODEL_CATALOG[experiment.problem];
  const make = MODEL_MAKERS[experiment.problem];
  if (!meta || !make) throw new Error(`problem: the model "${experiment.problem}" is not available`);
  const forced = experiment.backend && experiment.backend !== 'auto' ? (experiment.backend as BackendName) : undefined;
  const backend = await selectBackend(forced, opts.exclude);
  const params: Record<string, number> = {};
  for (const [k, p] of Object.entries(meta.params)) params[k] = experiment.problemParams?.[k] ?? p.default;
  const root = makeRng(experiment.seed ?? 0);
  const dataRng = experiment.data && 'seed' in experiment.data && experiment.data.seed !== undefined ? makeRng(experiment.data.seed).fork('data') : root.fork('data');
  let built;
  try {
    built = make(params, experiment.data, { data: dataRng, batches: root.fork('batches'), sampling: experiment.sampling ?? 'shuffle' });
  } catch (err) {
    throw new Error(`problem: ${(err as Error).message}`);
  }
  const engine = new TensorRunner(experiment, built.model, built.n, opts.resume);
  if (opts.onDeviceLost) watchDeviceLoss(opts.onDeviceLost);
  const info: ProblemInfo = {
    id: experiment.problem,
    path: 'tensor',
    backend,
    dim: engine.streamedDim,
    parameters: built.model.dim,
    paramNames: built.paramNames.slice(0, engine.streamedDim),
    n: built.n,
    optimum: null,
    landmarks: [],
    contour: null,
    curve: null,
    data: built.data,
    totalSteps: engine.runs.map((r) => r.totalSteps),
    stepsPerEpoch: engine.runs.map((r) => r.stepsPerEpoch),
    labels: engine.runs.map((r) => r.label),
    notes: built.notes ?? [],
  };
  return { engine, info };
}

/**
 * An analytic problem in float32 on the tensor path: the float64 runner builds and checks the problem
 * and its runs (same data, same batch order); the tensor runner trains it. Least-squares problems
 * use their design matrix (leastSquaresModel.ts), every other problem its fᵢ in tf ops
 * (analyticTensor.ts, which throws, naming the supported ids, for a problem it does not know).
 */
async function loadFloat32(experiment: Experiment, opts: LoadOptions): Promise<{ engine: Engine; info: ProblemInfo }> {
  const reference = new Runner(experiment); // validates runs against the problem (init lengths, batch sizes)
  const problem = reference.problem;
  const forced = experiment.backend && experiment.backend !== 'auto' ? (experiment.backend as BackendName) : undefined;
  const backend = await selectBackend(forced, opts.exclude);
  const batchRng = makeRng(experiment.seed ?? 0).fork('batches');
  const sampling = experiment.sampling ?? 'shuffle';
  const model = problem.design ? leastSquaresTensorModel(problem, batchRng, sampling) : analyticTensorModel(problem, experiment, batchRng, sampling);
  const engine = new TensorRunner({ ...experiment, runs: experiment.runs.map((r) => ({ ...r, init: r.init ?? Array.from(problem.defaultInit) })) }, model, problem.n, opts.resume);
  if (opts.onDeviceLost) watchDeviceLoss(opts.onDeviceLost);
  return { engine, info: { ...describeAnalytic(reference), path: 'tensor', backend, dim: engine.streamedDim } };
}
