import { num, type Hyper, type Transform } from './transform';
import type { VectorOps } from './vector';

export interface RmsState<V> {
  v: V;
  /** ḡ, the running mean of gradients (centered RMSprop only). */
  gAvg: V;
  /** v − ḡ², scratch for centered RMSprop. */
  centered: V;
}

/**
 * RMSprop's preconditioner, PyTorch form (torch.optim.RMSprop), without bias correction:
 *   v_t = α·v_{t−1} + (1 − α)·u_t²;   ṽ_t = v_t − ḡ_t² if centered, ḡ_t = α·ḡ_{t−1} + (1 − α)·u_t
 *   out = u_t/(√ṽ_t + ε)
 * v_0 = 0, so the first step is ≈ 10× lr for α = 0.99 (REFERENCE §0 item 5). ε outside the root.
 * Hyper: alpha, eps, centered. Momentum is a `trace` after this block.
 */
export function scaleByRms<V, N>(ops: VectorOps<V, N>, hyper: Hyper): Transform<RmsState<V>, V, N> {
  return {
    init: (p) => ({ v: ops.zeros(p), gAvg: ops.zeros(p), centered: ops.zeros(p) }),
    update(u, s) {
      const a = num(hyper, 'alpha', 0.99);
      const eps = num(hyper, 'eps', 1e-8);
      ops.axpbySquare(s.v, a, 1 - a, u);
      if (hyper.centered === true) {
        ops.axpby(s.gAvg, a, 1 - a, u);
        ops.subSquare(s.centered, s.v, s.gAvg);
        ops.divSqrtPlus(u, s.centered, 1, eps);
      } else {
        ops.divSqrtPlus(u, s.v, 1, eps);
      }
    },
  };
}
