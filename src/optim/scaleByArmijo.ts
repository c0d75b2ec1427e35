import { num, type Hyper, type Transform } from './transform';
import type { VectorOps } from './vector';

export interface ArmijoState<V> {
  trial: V;
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
 * ctx.evaluations: the cost that makes line search expensive on mini-batches. The loop branches on
 * values, so on the tensor path each trial reads its loss back.
 * Chain with scaleByConstant(1): the sign flips there.
 */
export function scaleByArmijo<V, N>(ops: VectorOps<V, N>, hyper: Hyper): Transform<ArmijoState<V>, V, N> {
  return {
    init: (p) => ({ trial: ops.zeros(p), trials: [], backtracks: 0 }),
    update(u, s, ctx) {
      const c = num(hyper, 'c', 1e-4);
      const beta = num(hyper, 'beta', 0.5);
      let eta = num(hyper, 'eta0', 1);
      const g2 = ops.read(ops.dot(ctx.grad, ctx.grad));
      const f0 = ops.read(ctx.loss);
      s.trials.length = 0;
      s.backtracks = 0;
      if (g2 > 0) {
        for (let k = 0; k <= MAX_BACKTRACKS; k++) {
          ops.copy(s.trial, ctx.params);
          ops.axpby(s.trial, 1, -eta, ctx.grad);
          const f = ops.read(ctx.oracle.evaluate(s.trial));
          ctx.evaluations += 1;
          s.trials.push(eta);
          if (f <= f0 - c * eta * g2 || k === MAX_BACKTRACKS) break;
          eta *= beta;
          s.backtracks += 1;
        }
      }
      ctx.stepSize = ops.affine(ctx.stepSize, eta, 0);
      ops.scale(u, eta);
    },
  };
}
