/**
 * UI state (zustand): the experiment being edited, play state, run statuses and the loaded problem.
 * Actions are plain functions that set state; they never talk to the worker (session.ts does).
 * Components select primitives (or references that are replaced, never mutated).
 */
import { create } from 'zustand';
import type { Experiment, RunSpec } from '../src/index';
import type { Hyper, HyperValue } from '../src/index';
import type { ContourGrid, ProblemInfo, RunStatus } from '../src/index';
import { defaultExperiment, experimentFor, makeRun, pruneDefaults } from './defaults';
import { isModel } from './models';

export interface State {
  experiment: Experiment;
  /** The user pressed play (and has not paused since). */
  playing: boolean;
  /** The worker reports that every run has finished or diverged. */
  done: boolean;
  statuses: RunStatus[];
  /** Problem info of the current generation; null while loading. */
  info: ProblemInfo | null;
  /** Why the edited experiment was not sent (parseExperiment messages). */
  invalid: string[];
  workerError: string | null;
  /** Steps per second while playing (0: as fast as possible). */
  speed: number;
  /** How many steps the step button takes. */
  stepCount: number;
}

export const useStore = create<State>()(() => ({
  experiment: defaultExperiment(),
  playing: false,
  done: false,
  statuses: [],
  info: null,
  invalid: [],
  workerError: null,
  speed: 300,
  stepCount: 1,
}));

const get = useStore.getState;
const set = useStore.setState;

function updateRun(i: number, fn: (run: RunSpec) => RunSpec): void {
  const e = get().experiment;
  set({ experiment: { ...e, runs: e.runs.map((r, j) => (j === i ? fn(r) : r)) } });
}

function updateExperiment(patch: Partial<Experiment>): void {
  set({ experiment: { ...get().experiment, ...patch } });
}

// Experiment edits -----------------------------------------------------------------------------

export function setProblem(id: string): void {
  const { runs, backend } = get().experiment;
  const experiment = experimentFor(id, runs);
  // A chosen TF.js backend stays chosen from one neural model to the next.
  set({ experiment: backend && isModel(id) ? { ...experiment, backend } : experiment });
}

/** The TF.js backend of the tensor path ('auto': WebGPU, then WebGL, then WebAssembly, then the CPU). */
export function setBackend(backend: NonNullable<Experiment['backend']>): void {
  const { backend: _b, ...rest } = get().experiment;
  set({ experiment: backend === 'auto' ? rest : { ...rest, backend } });
}

/** The transformer's training text (validated by the caller), or null for the generated corpus. */
export function setTextData(text: string | null, generated?: Experiment['data']): void {
  const { data: _d, ...rest } = get().experiment;
  const data = text !== null ? { text } : generated;
  set({ experiment: data ? { ...rest, data } : rest });
}

/**
 * User data as `points` (parsed CSV), or back to `generated`; batch sizes above the new n shrink to n.
 */
export function setPointsData(points: [number | number[], number][] | null, generated?: Experiment['data']): void {
  const { data: _d, ...rest } = get().experiment;
  const data = points ? { points } : generated;
  const n = points?.length;
  const runs = n ? rest.runs.map((r) => (r.batchSize && r.batchSize > n ? { ...r, batchSize: n } : r)) : rest.runs;
  set({ experiment: data ? { ...rest, runs, data } : { ...rest, runs } });
}

/** float32 runs an analytic problem on the tensor path (TF.js); float64 (the default) on the engine. */
export function setPrecision(precision: NonNullable<Experiment['precision']>): void {
  const { precision: _p, ...rest } = get().experiment;
  set({ experiment: precision === 'float32' ? { ...rest, precision } : rest });
}

export function setProblemParam(name: string, value: number): void {
  const e = get().experiment;
  // A new polynomial degree changes the number of parameters: start points set by hand no longer fit.
  const runs = name === 'degree' ? e.runs.map(({ init, ...r }) => (Array.isArray(init) ? r : { ...r, init })) : e.runs;
  set({ experiment: { ...e, runs, problemParams: { ...e.problemParams, [name]: value } } });
}

/** Start points of some runs (`init` of the experiment format); null goes back to the problem's default start. */
export function setRunInits(inits: ReadonlyMap<number, number[] | null>): void {
  const e = get().experiment;
  const runs = e.runs.map((r, i) => {
    if (!inits.has(i)) return r;
    const init = inits.get(i);
    const { init: _old, ...rest } = r;
    return init ? { ...rest, init: [...init] } : rest;
  });
  set({ experiment: { ...e, runs } });
}

/** Records every step (`record: "all"`) or the default thinned history. */
export function setRecordAll(all: boolean): void {
  const { record: _r, ...rest } = get().experiment;
  set({ experiment: all ? { ...rest, record: 'all' } : rest });
}

/** Sets a field of the generated data (n, noise); batch sizes above the new n shrink to n. */
export function setDataField(name: 'n' | 'noise' | 'seed', value: number): void {
  const e = get().experiment;
  if (!e.data || 'points' in e.data) return;
  const data = { ...e.data, [name]: value };
  const runs = name === 'n' ? e.runs.map((r) => (r.batchSize && r.batchSize > value ? { ...r, batchSize: value } : r)) : e.runs;
  set({ experiment: { ...e, data, runs } });
}

export function setLength(unit: 'steps' | 'epochs', value: number): void {
  const { steps: _s, epochs: _e, ...rest } = get().experiment;
  set({ experiment: { ...rest, [unit]: value } });
}

/** The loss threshold of the stop condition (`stopLoss`), or none. */
export function setStopLoss(value: number | null): void {
  const { stopLoss: _s, ...rest } = get().experiment;
  set({ experiment: value === null ? rest : { ...rest, stopLoss: value } });
}

export function addRun(optimizer: string): void {
  const e = get().experiment;
  updateExperiment({ runs: [...e.runs, { ...makeRun(optimizer, e.runs), batchSize: e.runs[e.runs.length - 1]?.batchSize ?? 1 }] });
}

export function removeRun(i: number): void {
  const e = get().experiment;
  if (e.runs.length <= 1) return;
  set({ experiment: { ...e, runs: e.runs.filter((_, j) => j !== i) }, statuses: get().statuses.filter((_, j) => j !== i) });
}

/** Switches a run's optimizer; an automatic label follows, a typed one stays; hyper go back to defaults except lr. */
export function setRunOptimizer(i: number, id: string, oldLabel: string): void {
  updateRun(i, (r) => {
    const lr = r.hyper?.lr;
    const hyper: Hyper = lr !== undefined ? pruneDefaults(id, { lr }) : {};
    return { ...r, optimizer: id, hyper, label: r.label === oldLabel ? makeRun(id, []).label : r.label };
  });
}

export function setRunLabel(i: number, label: string): void {
  updateRun(i, (r) => ({ ...r, label }));
}

/** A run's display colour (#rrggbb, the experiment's `color`): views redraw, nothing restarts. */
export function setRunColor(i: number, color: string): void {
  updateRun(i, (r) => ({ ...r, color }));
}

export function setRunHyper(i: number, name: string, value: HyperValue): void {
  updateRun(i, (r) => ({ ...r, hyper: pruneDefaults(r.optimizer, { ...r.hyper, [name]: value }) }));
}

export function setRunBatchSize(i: number, batchSize: number): void {
  updateRun(i, (r) => ({ ...r, batchSize }));
}

// Run state -----------------------------------------------------------------------------------

export function setPlaying(playing: boolean): void {
  set({ playing });
}

export function setSpeed(speed: number): void {
  set({ speed });
}

export function setStepCount(stepCount: number): void {
  set({ stepCount });
}

/** A load was sent: statuses and info of the previous generation are gone. */
export function loadStarted(): void {
  set({ info: null, statuses: [], done: false, invalid: [], workerError: null });
}

export function setInvalid(invalid: string[]): void {
  set({ invalid });
}

export function problemLoaded(info: ProblemInfo): void {
  set({ info });
}

/** A contour over other axes arrived (the slice selector): it replaces the loaded one. */
export function contourReceived(contour: ContourGrid): void {
  const info = get().info;
  if (info) set({ info: { ...info, contour } });
}

/** The worker moved to another TF.js backend during the run (a lost WebGPU device). */
export function backendChanged(backend: NonNullable<ProblemInfo['backend']>): void {
  const info = get().info;
  if (info) set({ info: { ...info, backend } });
}

export function framesReceived(statuses: RunStatus[], done: boolean): void {
  set(done ? { statuses, done, playing: false } : { statuses, done });
}

export function workerFailed(message: string): void {
  set({ workerError: message, playing: false });
}
