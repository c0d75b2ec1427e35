import type { Hyper, StepContext, Transform, Vec } from './transform';

export interface RssState {
  sum: Vec;
  initialized: boolean;
}

/**
 * Adagrad's preconditioner, PyTorch form (torch.optim.Adagrad):
 *   s_0 = τ (initial_accumulator_value);  s_t = s_{t−1} + u_t²;  out = u_t/(√s_t + ε)
 * ε is added outside the root (optax puts it inside: REFERENCE §1.5). Hyper: initial_accumulator_value, eps.
 */
export function scaleByRss(hyper: Hyper): Transform<RssState> {
  return {
    init: (n) => ({ sum: new Float64Array(n), initialized: false }),
    update(u: Vec, s: RssState, _ctx: StepContext) {
      if (!s.initialized) {
        s.sum.fill((hyper.initial_accumulator_value as number | undefined) ?? 0);
        s.initialized = true;
      }
      const eps = (hyper.eps as number | undefined) ?? 1e-10;
      const sum = s.sum;
      for (let i = 0; i < u.length; i++) {
        sum[i] += u[i] * u[i];
        u[i] = u[i] / (Math.sqrt(sum[i]) + eps);
      }
    },
  };
}

/** Adagrad's lr_decay: γ̃_t = γ/(1 + (t−1)·η) (PyTorch `clr = lr / (1 + (step − 1)·lr_decay)`). */
export function adagradDecay(hyper: Hyper): (ctx: StepContext) => number {
  return (ctx) => 1 / (1 + (ctx.t - 1) * ((hyper.lr_decay as number | undefined) ?? 0));
}
