import { num, type Hyper, type StepContext, type Transform } from './transform';
import type { VectorOps } from './vector';

export interface RssState<V> {
  sum: V;
  initialized: boolean;
}

/**
 * Adagrad's preconditioner, PyTorch form (torch.optim.Adagrad):
 *   s_0 = τ (initial_accumulator_value);  s_t = s_{t−1} + u_t²;  out = u_t/(√s_t + ε)
 * ε is added outside the root (optax puts it inside: REFERENCE §1.5). Hyper: initial_accumulator_value, eps.
 */
export function scaleByRss<V, N>(ops: VectorOps<V, N>, hyper: Hyper): Transform<RssState<V>, V, N> {
  return {
    init: (p) => ({ sum: ops.zeros(p), initialized: false }),
    update(u, s) {
      if (!s.initialized) {
        ops.fill(s.sum, num(hyper, 'initial_accumulator_value', 0));
        s.initialized = true;
      }
      ops.axpbySquare(s.sum, 1, 1, u);
      ops.divSqrtPlus(u, s.sum, 1, num(hyper, 'eps', 1e-10));
    },
  };
}

/** Adagrad's lr_decay: γ̃_t = γ/(1 + (t−1)·η) (PyTorch `clr = lr / (1 + (step − 1)·lr_decay)`). */
export function adagradDecay<V, N>(hyper: Hyper): (ctx: StepContext<V, N>) => number {
  return (ctx) => 1 / (1 + (ctx.t - 1) * num(hyper, 'lr_decay', 0));
}
