/**
 * `window.__playground`: read-only getters for tests and debugging (Playwright reads run values here).
 * Every getter returns a fresh copy; nothing here can change the app.
 */
import { getRuns } from './runData';
import { generation } from './session';
import { useStore } from './store';

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
  };
  Object.defineProperty(window, '__playground', { value: Object.freeze(api), writable: false, configurable: false });
}
