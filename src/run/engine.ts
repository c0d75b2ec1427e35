/**
 * What the worker session streams from: the float64 Runner and the tensor path's TensorRunner both
 * implement it, so frames, acks, decimation and hyperparameter changes are one code path.
 */
import type { HyperValue } from '../optim/transform';
import type { Recorder } from './recorder';

export interface EngineRun {
  readonly label: string;
  readonly optimizer: string;
  readonly totalSteps: number;
  readonly stepsPerEpoch: number;
  readonly recorder: Recorder;
  /** Updates done so far. */
  readonly t: number;
  readonly status: 'ok' | 'diverged' | 'done';
  readonly reason?: string;
  readonly divergedAt?: number;
}

export interface Engine {
  readonly runs: readonly EngineRun[];
  /** True when no run can take another step. */
  readonly done: boolean;
  /** Advances every live run by up to n updates, in lockstep. */
  advance(n: number): number;
  /** Changes a hyperparameter of a live run; throws with a message naming the field. */
  setHyper(run: number, name: string, value: HyperValue): void;
  /** Frees what the engine holds (device memory on the tensor path). */
  dispose?(): void;
}
