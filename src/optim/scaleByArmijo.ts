import type { Hyper, StepContext, Transform, Vec } from './transform';

export interface ArmijoState {
  trial: Vec;
  /** Trial step sizes of the last update, in order (the last one is accepted): for the views. */
  trials: number[];
  /** Backtracks made in the last update. */
  backtracks: number;
}

/** Most backtracks per step (sls uses 100); after that the smallest trial η is taken. */
export const MAX_BACKTRACKS = 100;

/**
 * Armijo backtracking line search on the current mini-batch, as a scale on the raw gradient:
 *   η ← η₀; while f_S(θ − ηg) > f_S(θ) − c·η·‖g‖²: η ← β·η;   out = η·u
 * Hyper: c (1e-4), beta (0.5), eta0 (1). Each trial costs one function evaluation, counted in
 * ctx.evaluations: the cost that makes line search expensive on mini-batches.
 * Chain with scaleByConstant(1): the sign flips there.
 */
export function scaleByArmijo(hyper: Hyper): Transform<ArmijoState> {
  return {
    init: (n) => ({ trial: new Float64Array(n), trials: [], backtracks: 0 }),
    update(u: Vec, s: ArmijoState, ctx: StepContext) {
      const c = (hyper.c as number | undefined) ?? 1e-4;
      const beta = (hyper.beta as number | undefined) ?? 0.5;
      let eta = (hyper.eta0 as number | undefined) ?? 1;
      const g = ctx.grad;
      const theta = ctx.params;
      let g2 = 0;
      for (let i = 0; i < g.length; i++) g2 += g[i] * g[i];
      s.trials.length = 0;
      s.backtracks = 0;
      if (g2 > 0) {
        for (let k = 0; k <= MAX_BACKTRACKS; k++) {
          for (let i = 0; i < g.length; i++) s.trial[i] = theta[i] - eta * g[i];
          const f = ctx.oracle.evaluate(s.trial);
          ctx.evaluations += 1;
          s.trials.push(eta);
          if (f <= ctx.loss - c * eta * g2) break;
          if (k === MAX_BACKTRACKS) break;
          eta *= beta;
          s.backtracks += 1;
        }
      }
      ctx.stepSize *= eta;
      for (let i = 0; i < u.length; i++) u[i] *= eta;
    },
  };
}
