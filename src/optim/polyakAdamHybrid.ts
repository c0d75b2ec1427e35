/**
 * Seed 001's "PolyakAdam" hybrid (polyak_adam.py), reproduced exactly, as the named variant
 * `polyak_adam_hybrid`. With γ_p = max(0, (f_S − f*)/(‖g‖² + ε)) from the raw gradient and the
 * old PyTorch Adam form a_t = α·√(1 − β₂ᵗ)/(1 − β₁ᵗ),  D_t = √v_t + ε  (√max v with amsgrad):
 *   t ≤ 5:  Δθ = −1.5·γ_p·g  −  [t > 1]·0.6·a_t·m_t/D_t
 *   t > 5:  Δθ = −a_t·min(1 + polyak_factor·γ_p/α, 20)·m_t/D_t
 * Hyper: alpha (0.003), betas, eps, f_star, polyak_factor (0.3), amsgrad, weight_decay (L2 in the
 * moments and in the early SGD part, not in the norm — as in the seed's code).
 * Reported step size: 1.5·γ_p for t ≤ 5, then a_t·boost (the multiplier on Adam's direction).
 */
import type { Hyper, StepContext, Transform, Vec } from './transform';

export interface HybridState {
  m: Vec;
  v: Vec;
  vMax: Vec;
  count: number;
}

export const HYBRID_WARMUP_STEPS = 5;
export const HYBRID_MAX_BOOST = 20;

export function polyakAdamHybrid(hyper: Hyper): Transform<HybridState> {
  return {
    init: (n) => ({ m: new Float64Array(n), v: new Float64Array(n), vMax: new Float64Array(n), count: 0 }),
    update(u: Vec, s: HybridState, ctx: StepContext) {
      const [b1, b2] = (hyper.betas as number[] | undefined) ?? [0.9, 0.999];
      const eps = (hyper.eps as number | undefined) ?? 1e-8;
      const fStar = (hyper.f_star as number | undefined) ?? 0;
      const alpha = (hyper.alpha as number | undefined) ?? 0.003;
      const factor = (hyper.polyak_factor as number | undefined) ?? 0.3;
      const wd = (hyper.weight_decay as number | undefined) ?? 0;
      const amsgrad = hyper.amsgrad === true;

      const raw = ctx.grad;
      let g2 = 0;
      for (let i = 0; i < raw.length; i++) g2 += raw[i] * raw[i];
      const gammaP = Math.max(0, (ctx.loss - fStar) / (g2 + eps));

      s.count += 1;
      const t = s.count;
      const a = (alpha * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
      const p = ctx.params;
      const early = t <= HYBRID_WARMUP_STEPS;
      const boost = Math.min(1 + (factor * gammaP) / alpha, HYBRID_MAX_BOOST);
      for (let i = 0; i < u.length; i++) {
        const g = u[i] + wd * p[i];
        s.m[i] = b1 * s.m[i] + (1 - b1) * g;
        s.v[i] = b2 * s.v[i] + (1 - b2) * g * g;
        let vi = s.v[i];
        if (amsgrad) {
          if (vi > s.vMax[i]) s.vMax[i] = vi;
          vi = s.vMax[i];
        }
        const dir = s.m[i] / (Math.sqrt(vi) + eps);
        if (early) u[i] = -1.5 * gammaP * g - (t > 1 ? 0.6 * a * dir : 0);
        else u[i] = -a * boost * dir;
      }
      ctx.stepSize = early ? 1.5 * gammaP : a * boost;
    },
  };
}
