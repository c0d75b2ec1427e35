/**
 * The on-demand analyses of the tensor path and what they returned: S10's loss landscape around a
 * run's θ, S13's Adam β₁ × β₂ grid, and batched seed sweeps. A small zustand store holding the form
 * values (kept when a view leaves its slot) and each analysis' state; session.ts sends the commands
 * and feeds the answers in here.
 *
 * A load (new generation) makes the landscape and the sweep stale: they belong to the old model and
 * are cleared. The β grid runs on its own data (it depends only on its request), so a finished grid
 * stays; one still running when a load happens is marked cancelled (the worker's later cells carry an
 * old generation and are dropped).
 */
import { create } from 'zustand';
import type { BetaGridRequest, FromWorker } from '../src/index';

export type LandscapeMessage = Extract<FromWorker, { type: 'landscape' }>;
export type BetaGridMessage = Extract<FromWorker, { type: 'betaGrid' }>;
export type BetaCell = BetaGridMessage['cells'][number];
export type SweepMessage = Extract<FromWorker, { type: 'sweep' }>;
export type Scaling = 'none' | 'global' | 'filter';

export interface LandscapeForm {
  grid: number;
  span: number;
  scaling: Scaling;
  seed: number;
}

export interface LandscapeState {
  status: 'idle' | 'computing' | 'done' | 'failed';
  /** What was asked, with the run's step at the time. */
  request: (LandscapeForm & { run: number; label: string; step: number }) | null;
  result: LandscapeMessage | null;
  error: string | null;
}

export interface BetaGridForm {
  beta1s: string;
  beta2s: string;
  steps: number;
  lr: number;
  batchSize: 8 | 32;
  /** Hidden units (0: one neuron); null follows the loaded classifier's `hidden`. */
  hidden: number | null;
}

export type { BetaGridRequest } from '../src/index';

export interface BetaGridState {
  status: 'idle' | 'running' | 'done' | 'cancelled' | 'failed';
  request: BetaGridRequest | null;
  cells: BetaCell[];
  error: string | null;
}

export interface SweepForm {
  count: number;
  /** Steps of each row; null follows the run's length. */
  steps: number | null;
}

export interface SweepState {
  status: 'idle' | 'computing' | 'done' | 'failed';
  request: { run: number; label: string; optimizer: string; count: number; steps: number; batchSize: number } | null;
  result: SweepMessage | null;
  error: string | null;
}

interface Analysis {
  landscapeForm: LandscapeForm;
  landscape: LandscapeState;
  betaForm: BetaGridForm;
  betaGrid: BetaGridState;
  sweepForm: SweepForm;
  sweep: SweepState;
}

export const DEFAULT_LANDSCAPE: LandscapeForm = { grid: 41, span: 1, scaling: 'global', seed: 0 };
export const DEFAULT_BETA_FORM: BetaGridForm = { beta1s: '0.7, 0.9, 0.99', beta2s: '0.7, 0.9, 0.99', steps: 2000, lr: 1e-2, batchSize: 8, hidden: null };
export const DEFAULT_SWEEP: SweepForm = { count: 16, steps: null };

const idleLandscape: LandscapeState = { status: 'idle', request: null, result: null, error: null };
const idleSweep: SweepState = { status: 'idle', request: null, result: null, error: null };

export const useAnalysis = create<Analysis>()(() => ({
  landscapeForm: DEFAULT_LANDSCAPE,
  landscape: idleLandscape,
  betaForm: DEFAULT_BETA_FORM,
  betaGrid: { status: 'idle', request: null, cells: [], error: null },
  sweepForm: DEFAULT_SWEEP,
  sweep: idleSweep,
}));

const set = useAnalysis.setState;
const get = useAnalysis.getState;

// Forms ---------------------------------------------------------------------------------------------

export function setLandscapeForm(patch: Partial<LandscapeForm>): void {
  set({ landscapeForm: { ...get().landscapeForm, ...patch } });
}

export function setBetaForm(patch: Partial<BetaGridForm>): void {
  set({ betaForm: { ...get().betaForm, ...patch } });
}

export function setSweepForm(patch: Partial<SweepForm>): void {
  set({ sweepForm: { ...get().sweepForm, ...patch } });
}

// Requests and answers ------------------------------------------------------------------------------

export function landscapeRequested(request: NonNullable<LandscapeState['request']>): void {
  set({ landscape: { status: 'computing', request, result: get().landscape.result, error: null } });
}

export function landscapeReceived(msg: LandscapeMessage): void {
  set({ landscape: { ...get().landscape, status: 'done', result: msg, error: null } });
}

export function betaGridRequested(request: BetaGridRequest): void {
  set({ betaGrid: { status: 'running', request, cells: [], error: null } });
}

export function betaGridReceived(msg: BetaGridMessage): void {
  const g = get().betaGrid;
  if (g.status !== 'running') return;
  set({ betaGrid: { ...g, cells: msg.cells, status: msg.done ? 'done' : 'running' } });
}

export function sweepRequested(request: NonNullable<SweepState['request']>): void {
  set({ sweep: { status: 'computing', request, result: get().sweep.result, error: null } });
}

export function sweepReceived(msg: SweepMessage): void {
  set({ sweep: { ...get().sweep, status: 'done', result: msg, error: null } });
}

/** A worker error ends whatever analysis was waiting (the message is shown in the status line too). */
export function analysisFailed(message: string): void {
  const { landscape, betaGrid, sweep } = get();
  if (landscape.status === 'computing') set({ landscape: { ...landscape, status: 'failed', error: message } });
  if (betaGrid.status === 'running') set({ betaGrid: { ...betaGrid, status: 'failed', error: message } });
  if (sweep.status === 'computing') set({ sweep: { ...sweep, status: 'failed', error: message } });
}

/** A new generation was loaded: results of the old model go; a running β grid is cancelled. */
export function resetAnalysis(): void {
  const g = get().betaGrid;
  set({
    landscape: idleLandscape,
    sweep: idleSweep,
    betaGrid: g.status === 'running' ? { ...g, status: 'cancelled' } : g,
  });
}
