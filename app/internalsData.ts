/**
 * The optimizer internals of the latest frame (per run: θ_t, ∇f(θ_t), the step taken, the momentum
 * buffer, Armijo's trials), while the contour's "internals" option is on. Plain module state like
 * runData.ts: frames write, the contour view reads in its draw; `internalsVersion` changes on every write.
 */
import type { RunInternals } from '../src/index';

let latest: readonly RunInternals[] = [];
let version = 0;

/** The internals of a frame (copies: they arrive by structured clone), or none. */
export function setInternalsData(internals: readonly RunInternals[] | undefined): void {
  if (!internals && latest.length === 0) return;
  latest = internals ?? [];
  version++;
}

export function getInternalsData(): readonly RunInternals[] {
  return latest;
}

export function internalsVersion(): number {
  return version;
}
