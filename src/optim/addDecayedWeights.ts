import type { Hyper, StepContext, Transform, Vec } from './transform';

/**
 * u ← u + λ·θ_{t−1}, with λ = hyper.weight_decay (read live).
 *
 * Before a preconditioner this is PyTorch's coupled L2 (`weight_decay` of SGD, Adam, Adagrad,
 * RMSprop: "g_t ← g_t + λθ_{t−1}"); after `scaleByAdam` and before the learning rate it is AdamW's
 * decoupled decay, Δθ = −γ(m̂/(√v̂+ε) + λθ), which equals PyTorch's θ ← θ(1 − γλ) then the Adam step.
 */
export function addDecayedWeights(hyper: Hyper): Transform<null> {
  return {
    init: () => null,
    update(u: Vec, _s: null, ctx: StepContext) {
      const wd = (hyper.weight_decay as number | undefined) ?? 0;
      if (wd === 0) return;
      const p = ctx.params;
      for (let i = 0; i < u.length; i++) u[i] += wd * p[i];
    },
  };
}
