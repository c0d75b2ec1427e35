import { num, type Hyper, type Transform } from './transform';
import type { VectorOps } from './vector';

/**
 * u ← u + λ·θ_{t−1}, with λ = hyper.weight_decay (read live).
 *
 * Before a preconditioner this is PyTorch's coupled L2 (`weight_decay` of SGD, Adam, Adagrad,
 * RMSprop: "g_t ← g_t + λθ_{t−1}"); after `scaleByAdam` and before the learning rate it is AdamW's
 * decoupled decay, Δθ = −γ(m̂/(√v̂+ε) + λθ), which equals PyTorch's θ ← θ(1 − γλ) then the Adam step.
 */
export function addDecayedWeights<V, N>(ops: VectorOps<V, N>, hyper: Hyper): Transform<null, V, N> {
  return {
    init: () => null,
    update(u, _s, ctx) {
      const wd = num(hyper, 'weight_decay', 0);
      if (wd !== 0) ops.axpby(u, 1, wd, ctx.params);
    },
  };
}
