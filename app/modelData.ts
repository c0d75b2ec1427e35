/**
 * What the tensor path streams besides the per-step points: the periodic evaluations of every run
 * (train and validation loss of the character transformer, every eval_every iterations) and the text
 * samples the user asked for. A small zustand store; session.ts resets it on every load and feeds it.
 */
import { create } from 'zustand';

export interface Evaluation {
  step: number;
  train: number;
  val: number;
}

interface ModelData {
  /** Per run, in step order. Arrays are replaced (never mutated) on every append. */
  evaluations: Evaluation[][];
  /** Per run: the last generated text (null: none yet). */
  samples: (string | null)[];
  /** Per run: a sample was requested and has not arrived yet. */
  pending: boolean[];
  /** Sampling temperature (the worker clamps it to [0.05, 5]). */
  temperature: number;
  /** Characters per sample. */
  length: number;
  /** Bumped per request: the seed of the next sample, so repeated clicks give different texts. */
  seed: number;
  /** The user's text file in use (what the page's validation changed in it), or null. */
  corpus: { name: string; chars: number; notes: string[] } | null;
  /** What the worker told the user during this load (a lost WebGPU device and the fallback taken). */
  notices: string[];
}

export const useModelData = create<ModelData>()(() => ({
  evaluations: [],
  samples: [],
  pending: [],
  temperature: 0.8,
  length: 200,
  seed: 1,
  corpus: null,
  notices: [],
}));

const set = useModelData.setState;
const get = useModelData.getState;

export function resetModelData(runs: number): void {
  set({ notices: [], evaluations: Array.from({ length: runs }, () => []), samples: Array.from({ length: runs }, () => null), pending: Array.from({ length: runs }, () => false) });
}

export function appendEvaluations(evals: readonly { run: number; step: number; values: Record<string, number> }[] | undefined): void {
  if (!evals?.length) return;
  const next = [...get().evaluations];
  for (const e of evals) {
    while (next.length <= e.run) next.push([]);
    next[e.run] = [...next[e.run], { step: e.step, train: e.values.train ?? NaN, val: e.values.val ?? NaN }];
  }
  set({ evaluations: next });
}

/** A sample was requested for `run`: returns the seed to use. */
export function sampleRequested(run: number): number {
  const pending = [...get().pending];
  pending[run] = true;
  const seed = get().seed;
  set({ pending, seed: seed + 1 });
  return seed;
}

export function sampleReceived(run: number, text: string): void {
  const samples = [...get().samples];
  const pending = [...get().pending];
  samples[run] = text;
  pending[run] = false;
  set({ samples, pending });
}

/** A worker error ends every pending request. */
export function samplesFailed(): void {
  if (get().pending.some(Boolean)) set({ pending: get().pending.map(() => false) });
}

export function setTemperature(temperature: number): void {
  set({ temperature });
}

export function setSampleLength(length: number): void {
  set({ length });
}

export function setCorpus(corpus: ModelData['corpus']): void {
  set({ corpus });
}

export function addNotice(message: string): void {
  set({ notices: [...get().notices, message] });
}
