/**
 * Learning-rate schedules as multiplicative factors on the live `lr` hyperparameter.
 *
 * k is the 0-based index of the update (k = t − 1), or the epoch when `per` is 'epoch'.
 * - constant:    γ_k = γ
 * - inverse:     γ_k = γ/(k+1)              (PyTorch LambdaLR(lambda k: 1/(k+1)); seed 003's 0.1/(β(k+1)))
 * - step-decay:  γ_k = γ/(⌊k/s⌋+1)          (seed 003's 0.1/(β(⌊k/1000⌋+1)))
 * - step-lr:     γ_k = γ·d^⌊k/s⌋            (PyTorch StepLR(step_size=s, gamma=d), default d = 0.1)
 */
import type { StepContext } from './transform';

export type ScheduleKind = 'constant' | 'inverse' | 'step-decay' | 'step-lr';

export interface ScheduleSpec {
  kind: ScheduleKind;
  /** s: steps (or epochs) per stage, for step-decay and step-lr. */
  stepSize?: number;
  /** d: StepLR's multiplicative factor. */
  gamma?: number;
  /** Whether k counts updates (default) or epochs. */
  per?: 'step' | 'epoch';
}

export const CONSTANT: ScheduleSpec = { kind: 'constant' };

/** The factor γ_k/γ for update index k (0-based). */
export function scheduleFactor(s: ScheduleSpec, k: number): number {
  switch (s.kind) {
    case 'constant':
      return 1;
    case 'inverse':
      return 1 / (k + 1);
    case 'step-decay':
      return 1 / (Math.floor(k / (s.stepSize ?? 1000)) + 1);
    case 'step-lr':
      return (s.gamma ?? 0.1) ** Math.floor(k / (s.stepSize ?? 30));
  }
}

/** k for the current step: the 0-based update index, or the epoch. */
export function scheduleIndex(s: ScheduleSpec, ctx: Pick<StepContext, 't' | 'epoch'>): number {
  return s.per === 'epoch' ? ctx.epoch : ctx.t - 1;
}
