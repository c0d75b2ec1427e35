/**
 * `window.__playground`: read-only getters for tests and debugging (Playwright reads run values here).
 * Every getter returns a fresh copy; nothing here can change the app's data. The one exception is
 * `killWorker()`, a fault injection for the reliability tests: it kills the worker as a crash would,
 * which the app must survive (it restarts the worker and resumes).
 */
import { nearestIndex } from '../src/index';
import { drawSettled } from './drawLoop';
import { getRuns } from './runData';
import { generation, killWorker } from './session';
import { useStore } from './store';
import { derivedOf } from './views/derived';
import { getHover } from './views/hover';
import { usePrefs } from './views/prefs';
import { useModelData } from './modelData';

export interface PlaygroundDebug {
  readonly gen: number;
  readonly playing: boolean;
  readonly done: boolean;
  readonly problem: string | null;
  readonly dim: number;
  /** Points received so far, per run. */
  readonly points: number[];
  /** Step of each run as reported by the worker. */
  readonly steps: number[];
  readonly statuses: { step: number; status: string; reason?: string }[];
  /** Last received parameter vector per run (null before the first point). */
  readonly lastParams: (number[] | null)[];
  /** Last received full loss per run. */
  readonly lastLoss: (number | null)[];
  /** The view shown in each slot. */
  readonly slots: string[];
  /** The linked hover step (null when nothing is hovered). */
  readonly hover: { run: number; step: number; source: string } | null;
  /** Per run: is θ̄ (averaged iterates) exact, i.e. was every iterate received? */
  readonly avgExact: boolean[];
  /** The received step of run `run` nearest to `step`, with its parameters (null before any point). */
  nearest(run: number, step: number): { step: number; params: number[] } | null;
  /** Tensor path: the TF.js backend in use (null on the float64 path or while loading). */
  readonly backend: string | null;
  /** Which numeric path runs the loaded problem (null while loading). */
  readonly path: 'float64' | 'tensor' | null;
  /** Per run: the periodic train/validation evaluations received so far (the transformer). */
  readonly evaluations: { step: number; train: number; val: number }[][];
  /** Per run: the last generated text sample (null: none yet). */
  readonly samples: (string | null)[];
  /** Per run: the first finite loss received (the tensor path's step 0 has none). */
  readonly firstLoss: (number | null)[];
  /** No draw pass pending: every view has drawn what it was asked to (views draw over several frames). */
  readonly drawn: boolean;
  /** Fault injection: terminates the worker and takes the crash path (restart, resume). */
  killWorker(): void;
}

declare global {
  interface Window {
    __playground?: PlaygroundDebug;
  }
}

export function installDebug(): void {
  if ('__playground' in window) return;
  const s = useStore.getState;
  const api: PlaygroundDebug = {
    get gen() { return generation(); },
    get playing() { return s().playing; },
    get done() { return s().done; },
    get problem() { return s().info?.id ?? null; },
    get dim() { return s().info?.dim ?? 0; },
    get points() { return getRuns().map((r) => r.n); },
    get steps() { return s().statuses.map((r) => r.step); },
    get statuses() { return s().statuses.map(({ step, status, reason }) => ({ step, status, reason })); },
    get lastParams() { return getRuns().map((r) => (r.n ? r.paramsAt(r.n - 1) : null)); },
    get lastLoss() { return getRuns().map((r) => (r.n ? r.cols.loss[r.n - 1] : null)); },
    get slots() { return [...usePrefs.getState().slots]; },
    get hover() { const h = getHover(); return h ? { ...h } : null; },
    nearest(run: number, step: number) {
      const r = getRuns()[run];
      if (!r || r.n === 0) return null;
      const i = nearestIndex(r.cols.step, r.n, step);
      return { step: r.cols.step[i], params: r.paramsAt(i) };
    },
    get backend() { return s().info?.backend?.name ?? null; },
    get path() { return s().info?.path ?? null; },
    get evaluations() { return useModelData.getState().evaluations.map((e) => e.map((v) => ({ ...v }))); },
    get samples() { return [...useModelData.getState().samples]; },
    get drawn() { return drawSettled(); },
    killWorker() { killWorker(); },
    get firstLoss() {
      return getRuns().map((r) => {
        for (let i = 0; i < r.n; i++) if (Number.isFinite(r.cols.loss[i])) return r.cols.loss[i];
        return null;
      });
    },
    get avgExact() {
      const info = s().info;
      return getRuns().map((r) => (info && r.dim === info.dim ? derivedOf(r, info, usePrefs.getState().emaBeta).avg.exact : false));
    },
  };
  Object.defineProperty(window, '__playground', { value: Object.freeze(api), writable: false, configurable: false });
}
