import type { Hyper, StepContext, Transform, Vec } from './transform';

export interface AdamState {
  m: Vec;
  v: Vec;
  /** max over time of the raw v_t (AMSGrad, PyTorch form). */
  vMax: Vec;
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
export function scaleByAdam(hyper: Hyper): Transform<AdamState> {
  return {
    init: (n) => ({ m: new Float64Array(n), v: new Float64Array(n), vMax: new Float64Array(n), count: 0 }),
    update(u: Vec, s: AdamState, _ctx: StepContext) {
      const [b1, b2] = (hyper.betas as number[] | undefined) ?? [0.9, 0.999];
      const eps = (hyper.eps as number | undefined) ?? 1e-8;
      const amsgrad = hyper.amsgrad === true;
      s.count += 1;
      const bc1 = 1 - b1 ** s.count;
      const bc2Sqrt = Math.sqrt(1 - b2 ** s.count);
      const { m, v, vMax } = s;
      for (let i = 0; i < u.length; i++) {
        const g = u[i];
        m[i] = b1 * m[i] + (1 - b1) * g;
        v[i] = b2 * v[i] + (1 - b2) * g * g;
        let vi = v[i];
        if (amsgrad) {
          if (vi > vMax[i]) vMax[i] = vi;
          vi = vMax[i];
        }
        // PyTorch's code order: m/(1−β₁ᵗ) / (√v/√(1−β₂ᵗ) + ε).
        u[i] = m[i] / bc1 / (Math.sqrt(vi) / bc2Sqrt + eps);
      }
    },
  };
}
