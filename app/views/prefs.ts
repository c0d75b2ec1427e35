/**
 * What the views show (not part of the experiment): which view sits in each slot, the x axis of the
 * curves, per-view options and the selected run. A small zustand store of its own, so the experiment
 * store stays about the experiment.
 */
import { create } from 'zustand';
import { DEFAULT_VIEW_PREFS, VIEW_IDS, type ViewId } from '../../src/index';
import { requestDraw } from '../drawLoop';

// The view list and the defaults a link leaves out are the engine's (src/view/viewIds.ts,
// src/link/viewPrefs.ts), so what a link names and what the page has are one list.
export { VIEW_IDS, type ViewId };
export type CurveKind = Extract<ViewId, 'loss' | 'stepSize' | 'gradNorm' | 'params' | 'distance' | 'gap'>;

export const VIEW_LABELS: Record<ViewId, string> = {
  contour: 'Contour / f(θ)',
  fit: 'Model fit',
  loss: 'Loss',
  stepSize: 'Step size',
  gradNorm: 'Gradient norm',
  params: 'Parameters θ_k',
  distance: '‖θ_k − θ*‖²',
  gap: 'f − f* (θ_k, θ̄_k)',
  inspector: 'Step inspector',
  evaluation: 'Train / val loss',
  samples: 'Text samples',
  landscape: 'Loss landscape',
  betaGrid: 'Adam β₁ × β₂ grid',
  sweep: 'Seed sweep',
  sweepSummary: 'Sweep summary',
  rule: 'Update rules',
};

/** Views of the on-demand analyses (LandscapeView, BetaGridView, SweepView): computed when asked, not streamed. */
const ANALYSIS_VIEWS = new Set<ViewId>(['landscape', 'betaGrid', 'sweep', 'sweepSummary']);

export function isCurve(id: ViewId): id is CurveKind {
  return id !== 'contour' && id !== 'fit' && id !== 'inspector' && id !== 'evaluation' && id !== 'samples' && id !== 'rule' && !ANALYSIS_VIEWS.has(id);
}

export interface ViewPrefs {
  /** The view in each slot: the large one on the left, then the two on the right. */
  slots: ViewId[];
  xAxis: 'iteration' | 'epoch';
  lossKind: 'full' | 'batch' | 'both';
  /** EMA factor β of the step-size trend. */
  emaBeta: number;
  /** Parameter shown in the parameters view; −1: all of them. */
  param: number;
  /** Run of the step inspector (and of "click sets the start" when startTarget is 'selected'). */
  selectedRun: number;
  /** Whose start point a click on the contour sets. */
  startTarget: 'all' | 'selected';
  /** Optimizer internals on the contour: −∇f, momentum and step arrows, Armijo's trial points. */
  internals: boolean;
  /** Parameters drawn on the contour of a problem with more than two (null: the problem's default pair). */
  sliceAxes: [number, number] | null;
  /** Where the other parameters of a slice are held: θ* (else the default start), or the selected run's current point. */
  sliceAt: 'optimum' | 'run';
}

export const usePrefs = create<ViewPrefs>()(() => ({
  slots: [...DEFAULT_VIEW_PREFS.views],
  xAxis: DEFAULT_VIEW_PREFS.xAxis,
  lossKind: 'full',
  emaBeta: 0.9,
  param: -1,
  selectedRun: 0,
  startTarget: 'all',
  internals: DEFAULT_VIEW_PREFS.internals,
  sliceAxes: DEFAULT_VIEW_PREFS.slice,
  sliceAt: DEFAULT_VIEW_PREFS.sliceAt,
}));

// The views draw from the draw loop, which runs only when asked: a changed option asks.
usePrefs.subscribe(() => requestDraw());

const set = usePrefs.setState;

/** Puts `id` into slot `slot`; if another slot shows it, the two slots swap. */
export function setSlot(slot: number, id: ViewId): void {
  const slots = [...usePrefs.getState().slots];
  const other = slots.indexOf(id);
  if (other >= 0) slots[other] = slots[slot];
  slots[slot] = id;
  set({ slots });
}

export function setXAxis(xAxis: ViewPrefs['xAxis']): void {
  set({ xAxis });
}

export function setLossKind(lossKind: ViewPrefs['lossKind']): void {
  set({ lossKind });
}

export function setEmaBeta(emaBeta: number): void {
  set({ emaBeta });
}

export function setParam(param: number): void {
  set({ param });
}

export function setSelectedRun(selectedRun: number): void {
  set({ selectedRun });
}

export function setStartTarget(startTarget: ViewPrefs['startTarget']): void {
  set({ startTarget });
}

export function setInternals(internals: boolean): void {
  set({ internals });
}

/** The two parameters drawn on the contour and where the others are held (the slice selector). */
export function setSlice(sliceAxes: [number, number] | null, sliceAt: ViewPrefs['sliceAt'] = usePrefs.getState().sliceAt): void {
  set({ sliceAxes, sliceAt });
}
