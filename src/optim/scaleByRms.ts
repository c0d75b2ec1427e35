import type { Hyper, StepContext, Transform, Vec } from './transform';

export interface RmsState {
  v: Vec;
  /** ḡ, the running mean of gradients (centered RMSprop only). */
  gAvg: Vec;
}

/**
 * RMSprop's preconditioner, PyTorch form (torch.optim.RMSprop), without bias correction:
 *   v_t = α·v_{t−1} + (1 − α)·u_t²;   ṽ_t = v_t − ḡ_t² if centered, ḡ_t = α·ḡ_{t−1} + (1 − α)·u_t
 *   out = u_t/(√ṽ_t + ε)
 * v_0 = 0, so the first step is ≈ 10× lr for α = 0.99 (REFERENCE §0 item 5). ε outside the root.
 * Hyper: alpha, eps, centered. Momentum is a `trace` after this block.
 */
export function scaleByRms(hyper: Hyper): Transform<RmsState> {
  return {
    init: (n) => ({ v: new Float64Array(n), gAvg: new Float64Array(n) }),
    update(u: Vec, s: RmsState, _ctx: StepContext) {
      const a = (hyper.alpha as number | undefined) ?? 0.99;
      const eps = (hyper.eps as number | undefined) ?? 1e-8;
      const centered = hyper.centered === true;
      const { v, gAvg } = s;
      for (let i = 0; i < u.length; i++) {
        const g = u[i];
        v[i] = a * v[i] + (1 - a) * g * g;
        let vt = v[i];
        if (centered) {
          gAvg[i] = a * gAvg[i] + (1 - a) * g;
          vt -= gAvg[i] * gAvg[i];
        }
        u[i] = g / (Math.sqrt(vt) + eps);
      }
    },
  };
}
