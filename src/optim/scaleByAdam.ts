import { num, type Hyper, type Transform } from './transform';
import type { VectorOps } from './vector';

export interface AdamState<V> {
  m: V;
  v: V;
  /** max over time of the raw v_t (AMSGrad, PyTorch form). */
  vMax: V;
  /** Number of updates this state has seen (bias correction uses its own count). */
  count: number;
}

/**
 * Adam's direction, PyTorch form (torch.optim.Adam, Kingma & Ba Algorithm 1):
 *   m_t = β₁m_{t−1} + (1 − β₁)u_t;   v_t = β₂v_{t−1} + (1 − β₂)u_t²
 *   v̂_t = v_t/(1 − β₂ᵗ), or with amsgrad v̂_t = max_{s≤t} v_s/(1 − β₂ᵗ)  (max of the RAW v: PyTorch, not optax)
 *   out = m̂_t/(√v̂_t + ε) with m̂_t = m_t/(1 − β₁ᵗ)                        (ε outside the root, after bias correction)
 * Hyper: betas [β₁, β₂], eps, amsgrad. First step ≈ sign(g) (divide by 1 − β₁ᵗ, not multiply).
 */
export function scaleByAdam<V, N>(ops: VectorOps<V, N>, hyper: Hyper): Transform<AdamState<V>, V, N> {
  return {
    init: (p) => ({ m: ops.zeros(p), v: ops.zeros(p), vMax: ops.zeros(p), count: 0 }),
    update(u, s) {
      const [b1, b2] = (hyper.betas as number[] | undefined) ?? [0.9, 0.999];
      s.count += 1;
      ops.axpby(s.m, b1, 1 - b1, u);
      ops.axpbySquare(s.v, b2, 1 - b2, u);
      let v = s.v;
      if (hyper.amsgrad === true) {
        ops.maximum(s.vMax, s.v);
        v = s.vMax;
      }
      // PyTorch's code order: m/(1−β₁ᵗ) / (√v/√(1−β₂ᵗ) + ε).
      ops.copy(u, s.m);
      ops.scale(u, 1 / (1 - b1 ** s.count));
      ops.divSqrtPlus(u, v, Math.sqrt(1 - b2 ** s.count), num(hyper, 'eps', 1e-8));
    },
  };
}
