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
import { num, type Hyper, type Transform } from './transform';
import type { VectorOps } from './vector';
import { polyakStep } from './scaleByPolyak';

export interface HybridState<V> {
  m: V;
  v: V;
  vMax: V;
  dir: V;
  count: number;
}

export const HYBRID_WARMUP_STEPS = 5;
export const HYBRID_MAX_BOOST = 20;

export function polyakAdamHybrid<V, N>(ops: VectorOps<V, N>, hyper: Hyper): Transform<HybridState<V>, V, N> {
  return {
    init: (p) => ({ m: ops.zeros(p), v: ops.zeros(p), vMax: ops.zeros(p), dir: ops.zeros(p), count: 0 }),
    update(u, s, ctx) {
      const [b1, b2] = (hyper.betas as number[] | undefined) ?? [0.9, 0.999];
      const alpha = num(hyper, 'alpha', 0.003);
      // γ_p reads the raw gradient; c = 1 and no cap, as in the seed.
      const gammaP = polyakStep(ops, { f_star: num(hyper, 'f_star', 0), eps: num(hyper, 'eps', 1e-8) }, ctx);

      s.count += 1;
      const t = s.count;
      const a = (alpha * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
      const wd = num(hyper, 'weight_decay', 0);
      if (wd !== 0) ops.axpby(u, 1, wd, ctx.params); // g with L2 (skipped at 0: one pass less per step)
      ops.axpby(s.m, b1, 1 - b1, u);
      ops.axpbySquare(s.v, b2, 1 - b2, u);
      let v = s.v;
      if (hyper.amsgrad === true) {
        ops.maximum(s.vMax, s.v);
        v = s.vMax;
      }
      ops.copy(s.dir, s.m);
      ops.divSqrtPlus(s.dir, v, 1, num(hyper, 'eps', 1e-8)); // m/(√v + ε): ε not bias-corrected (old PyTorch form)
      if (t <= HYBRID_WARMUP_STEPS) {
        ops.scale(u, ops.affine(gammaP, -1.5, 0));
        if (t > 1) ops.axpby(u, 1, -(0.6 * a), s.dir);
        ctx.stepSize = ops.affine(gammaP, 1.5, 0);
      } else {
        const boost = ops.clamp(ops.affine(gammaP, num(hyper, 'polyak_factor', 0.3) / alpha, 1), 1, HYBRID_MAX_BOOST);
        ops.copy(u, s.dir);
        ops.scale(u, ops.affine(boost, -a, 0));
        ctx.stepSize = ops.affine(boost, a, 0);
      }
    },
  };
}
