/**
 * The commands the controls call: each edits the store and tells the worker what it needs to know.
 * Structural edits (problem, data, runs, optimizers, batch sizes, length) reload the experiment under a
 * new generation; hyperparameter edits reach the running optimizers through `setHyper`, no restart.
 */
import { create } from 'zustand';
import { parseExperiment } from '../src/index';
import type { Experiment, HyperValue, ResumePoint } from '../src/index';
import { requestDraw } from './drawLoop';
import { appendFrame, getRuns, resetRunData } from './runData';
import { addNotice, appendEvaluations, resetModelData, sampleReceived, sampleRequested, samplesFailed, useModelData } from './modelData';
import * as store from './store';
import { WorkerClient, type WorkerHandlers } from './workerClient';
import * as analysis from './analysis';
import { setInternalsData } from './internalsData';

const { getState } = store.useStore;

let client: WorkerClient | null = null;
let reloadTimer: ReturnType<typeof setTimeout> | undefined;
/** The worker holds the experiment as edited (no reload pending, last edit valid). */
let inSync = false;

/** Generation of the load that resumes after a worker crash: its `loaded` keeps the received history. */
let resumeGen = -1;
/** Times of recent crashes (ms): more than MAX_RESTARTS within RESTART_WINDOW_MS and the page gives up. */
let crashTimes: number[] = [];
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 60_000;

/** What the status line says after the worker crashed (null: nothing to say). Cleared by the next reload. */
export const useRecovery = create<{ message: string | null }>()(() => ({ message: null }));

/** How long the worker has been silent, while it is past the watchdog's limit (null: it answers). */
export const useUnresponsive = create<{ silentMs: number | null }>()(() => ({ silentMs: null }));

const handlers: WorkerHandlers = {
  loaded(info) {
    if (client?.generation !== resumeGen) resetRunData(info.labels.length, info.dim);
    setInternalsData(undefined);
    store.problemLoaded(info);
    requestDraw();
  },
  frame(f) {
    appendFrame(f.points);
    appendEvaluations(f.evaluations);
    setInternalsData(f.internals);
    store.framesReceived(f.runs, f.done);
  },
  contour: store.contourReceived,
  afterDraw: requestDraw,
  error(message) {
    samplesFailed();
    analysis.analysisFailed(message);
    store.workerFailed(message);
  },
  sample: sampleReceived,
  notice: addNotice,
  backend: store.backendChanged,
  landscape: analysis.landscapeReceived,
  betaGrid: analysis.betaGridReceived,
  sweep: analysis.sweepReceived,
  crashed: workerCrashed,
  unresponsive: (silentMs) => useUnresponsive.setState({ silentMs }),
};

/** Starts the worker and loads the experiment in the store. */
export function startSession(): void {
  client ??= new WorkerClient(handlers);
  reload();
}

/**
 * The worker died: say so, start a new one and load the experiment again, each run continuing from
 * the last point the page received (θ and step; the optimizer state restarts). Runs whose parameters
 * the page does not hold (large models stream none) start again from step 0, and the message says so.
 */
function workerCrashed(message: string): void {
  const dead = client;
  if (!dead) return;
  const now = Date.now();
  crashTimes = crashTimes.filter((t) => now - t < RESTART_WINDOW_MS);
  crashTimes.push(now);
  if (crashTimes.length > MAX_RESTARTS) {
    useRecovery.setState({ message: null });
    store.workerFailed(`The worker crashed ${crashTimes.length} times in a minute (${message}); reload the page to start again. Your experiment is kept in the link.`);
    return;
  }
  const wasPlaying = getState().playing;
  client = new WorkerClient(handlers, dead.generation);
  const resume = inSync && reloadTimer === undefined ? resumePoints() : null;
  if (!resume) {
    reload();
    useRecovery.setState({ message: `The worker stopped unexpectedly (${message}); a new one was started and the experiment restarted from step 0.` });
    return;
  }
  const parsed = parseExperiment(getState().experiment);
  if (!parsed.ok) return reload();
  client.load(parsed.experiment, resume);
  resumeGen = client.generation;
  client.setSpeed(getState().speed);
  if (internalsOn) client.internals(true);
  if (wasPlaying) client.play();
  const from = Math.max(...resume.map((p) => p.t));
  useRecovery.setState({
    message: `The worker stopped unexpectedly (${message}); a new one was started and the runs resumed from step ${from}, the last step received. Optimizer state (momentum, Adam's moments) restarts.`,
  });
  requestDraw();
}

/** Each run's last received point, or null when some run has none the engine could continue from. */
function resumePoints(): ResumePoint[] | null {
  const { info, statuses, experiment } = getState();
  const runs = getRuns();
  if (!info || info.dim === 0 || (info.parameters ?? info.dim) !== info.dim || runs.length !== experiment.runs.length) return null;
  const out: ResumePoint[] = [];
  for (let i = 0; i < runs.length; i++) {
    const r = runs[i];
    const s = statuses[i];
    if (!s || r.n === 0 || r.dim !== info.dim) return null;
    const j = r.n - 1;
    const theta = r.paramsAt(j);
    if (s.status === 'ok' && !theta.every(Number.isFinite)) return null;
    out.push({ t: r.cols.step[j], status: s.status, reason: s.reason, divergedAt: s.divergedAt, theta });
  }
  return out;
}

/** Test hook (debug.ts): kills the worker the way a crash would, to exercise the recovery. */
export function killWorker(reason = 'killed by a test'): void {
  client?.crash(reason);
}

/** The user's answer to an unresponsive worker: replace it and resume, as after a crash. */
export function restartWorker(): void {
  client?.crash('it had stopped answering and was restarted');
}

/** Whether frames should carry optimizer internals (the contour's option). */
let internalsOn = false;

/** Optimizer internals on the contour on or off (float64 problems; resent after every load). */
export function showInternals(on: boolean): void {
  internalsOn = on;
  if (!on) setInternalsData(undefined);
  client?.internals(on);
}

/** The contour over parameters axes = [i, j], the others at `at` (null: θ*); false when nothing is loaded. */
export function requestSlice(axes: [number, number], at: number[] | null): boolean {
  if (!client || !ready()) return false;
  client.slice(axes, at);
  return true;
}

export function generation(): number {
  return client?.generation ?? 0;
}

/** Validates the edited experiment and loads it under a new generation (playing on if it was). */
function reload(): void {
  clearTimeout(reloadTimer);
  reloadTimer = undefined;
  const parsed = parseExperiment(getState().experiment);
  if (!parsed.ok) {
    inSync = false;
    store.setInvalid(parsed.errors);
    return;
  }
  if (!client) return;
  resumeGen = -1;
  useRecovery.setState({ message: null });
  store.loadStarted();
  resetRunData(parsed.experiment.runs.length, 0);
  resetModelData(parsed.experiment.runs.length);
  analysis.resetAnalysis();
  client.load(parsed.experiment);
  client.setSpeed(getState().speed);
  if (internalsOn) client.internals(true);
  if (getState().playing) client.play();
  inSync = true;
  requestDraw();
}

/** Reloads after `delayMs` of quiet (sliders send many edits while dragged). */
function scheduleReload(delayMs: number): void {
  inSync = false;
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(reload, delayMs);
}

const SLIDER_QUIET_MS = 150;

// Structural edits ---------------------------------------------------------------------------------

export function changeProblem(id: string): void {
  store.setProblem(id);
  reload();
}

export function changeProblemParam(name: string, value: number): void {
  store.setProblemParam(name, value);
  scheduleReload(SLIDER_QUIET_MS);
}

export function changeData(name: 'n' | 'noise', value: number): void {
  store.setDataField(name, value);
  scheduleReload(SLIDER_QUIET_MS);
}

/** New data and start: the next seed of the data stream. */
export function reseedData(): void {
  const data = getState().experiment.data;
  store.setDataField('seed', (data && 'seed' in data && data.seed !== undefined ? data.seed : 0) + 1);
  reload();
}

export function changeLength(unit: 'steps' | 'epochs', value: number): void {
  store.setLength(unit, value);
  scheduleReload(SLIDER_QUIET_MS);
}

/** Stop each run once its full-data loss is below `value` (the experiment's stopLoss; null: no threshold); restarts. */
export function changeStopLoss(value: number | null): void {
  store.setStopLoss(value);
  reload();
}

export function addRun(optimizer: string): void {
  store.addRun(optimizer);
  reload();
}

export function removeRun(i: number): void {
  store.removeRun(i);
  reload();
}

export function changeOptimizer(i: number, id: string, oldLabel: string): void {
  store.setRunOptimizer(i, id, oldLabel);
  reload();
}

export function changeBatchSize(i: number, batchSize: number): void {
  store.setRunBatchSize(i, batchSize);
  scheduleReload(SLIDER_QUIET_MS);
}

/** Sets the start point of some runs (null: the problem's default start) and restarts from it. */
export function changeInits(inits: ReadonlyMap<number, number[] | null>): void {
  store.setRunInits(inits);
  reload();
}

/** Records every step (exact averaged iterates) or the default thinned history; restarts. */
export function changeRecordAll(all: boolean): void {
  store.setRecordAll(all);
  reload();
}

// Live edits ---------------------------------------------------------------------------------------

export function changeLabel(i: number, label: string): void {
  store.setRunLabel(i, label);
  requestDraw();
}

export function changeHyper(i: number, name: string, value: HyperValue): void {
  store.setRunHyper(i, name, value);
  if (reloadTimer !== undefined) return; // the pending reload carries the new value
  // A value can be fine alone and wrong with the others (Nesterov without momentum): check the whole.
  const parsed = parseExperiment(getState().experiment);
  if (!parsed.ok) {
    inSync = false;
    store.setInvalid(parsed.errors);
  } else if (inSync) {
    client?.setHyper(i, name, value); // the running optimizer reads it at its next step
  } else {
    reload(); // valid again after an invalid edit
  }
}

export function changeSpeed(stepsPerSecond: number): void {
  store.setSpeed(stepsPerSecond);
  client?.setSpeed(stepsPerSecond);
}

// Transport ----------------------------------------------------------------------------------------

export function play(): void {
  if (getState().done) return;
  store.setPlaying(true);
  if (inSync) client?.play();
}

export function pause(): void {
  store.setPlaying(false);
  client?.pause();
}

export function step(): void {
  if (inSync) client?.step(getState().stepCount);
}

/** Back to step 0 with the same data, start and batch order (same seeds), paused. */
export function reset(): void {
  store.setPlaying(false);
  reload();
}

/** Replaces the whole experiment (a link was opened) and loads it, paused. */
export function loadExperiment(experiment: Experiment): void {
  store.setPlaying(false);
  store.useStore.setState({ experiment });
  reload();
}

// Neural models (tensor path) ------------------------------------------------------------------------

/** Forces a TF.js backend ('auto': WebGPU, then WebGL, then the CPU) and reloads. */
export function changeBackend(backend: NonNullable<Experiment['backend']>): void {
  store.setBackend(backend);
  reload();
}

/** Trains the transformer on the user's (already validated) text, or on the generated corpus (null); reloads. */
export function changeText(text: string | null, generated?: Experiment['data']): void {
  store.setTextData(text, generated);
  reload();
}

/** Trains on the user's points (parsed CSV), or on generated data again (null). */
export function changePoints(points: [number | number[], number][] | null, generated?: Experiment['data']): void {
  store.setPointsData(points, generated);
  reload();
}

/** Asks the worker for a text sample from run `run`'s current parameters (answered by `sample`). */
export function requestSample(run: number): void {
  if (!client || !inSync || !getState().info) return;
  const { temperature, length } = useModelData.getState();
  client.sample(run, sampleRequested(run), length, temperature);
}

// Analyses (tensor path) ----------------------------------------------------------------------------

/** Whether the worker holds the edited experiment, loaded: commands about its runs make sense. */
function ready(): boolean {
  return !!client && inSync && getState().info !== null;
}

/** S10: the loss landscape around run `run`'s current θ (answered by `landscape`). */
export function requestLandscape(run: number, form: analysis.LandscapeForm): boolean {
  if (!client || !ready()) return false;
  const { experiment, statuses } = getState();
  analysis.landscapeRequested({ ...form, run, label: experiment.runs[run]?.label ?? `run ${run + 1}`, step: statuses[run]?.step ?? 0 });
  client.landscape({ run, grid: form.grid, span: form.span, scaling: form.scaling, seed: form.seed });
  return true;
}

/** S13: Adam's β₁ × β₂ grid on the neuron classifier (cells arrive one by one). */
export function requestBetaGrid(req: analysis.BetaGridRequest): boolean {
  if (!client || !ready()) return false;
  analysis.betaGridRequested(req);
  client.betaGrid(req);
  return true;
}

/** Stops a running β grid: reloads the experiment (a new generation drops the cells still to come). */
export function cancelBetaGrid(): void {
  store.setPlaying(false);
  reload();
}

/** R runs of the loaded model from seeds 0 … R−1 with run `run`'s optimizer, as one batched program. */
export function requestSweep(run: number, count: number, steps: number): boolean {
  if (!client || !ready()) return false;
  const { experiment, info } = getState();
  const spec = experiment.runs[run];
  if (!spec || !info) return false;
  const batchSize = Math.min(spec.batchSize ?? info.n, info.n);
  const seeds = Array.from({ length: count }, (_, i) => i);
  analysis.sweepRequested({ run, label: spec.label || `run ${run + 1}`, optimizer: spec.optimizer, count, steps, batchSize });
  client.sweep({ optimizer: spec.optimizer, hyper: { ...spec.hyper }, seeds, steps, batchSize });
  return true;
}

/** Numbers of an analytic problem: float64 on the engine, or float32 on the tensor path (TF.js); reloads. */
export function changePrecision(precision: NonNullable<Experiment['precision']>): void {
  store.setPrecision(precision);
  reload();
}
