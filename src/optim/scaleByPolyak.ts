import type { Hyper, StepContext, Transform, Vec } from './transform';

/**
 * The stochastic Polyak step (SPS_max; Loizou et al., AISTATS 2021), as a scale on the incoming update:
 *   γ_t = min( max(0, (f_S(θ) − f*)/(c·‖∇f_S(θ)‖² + ε)), max_lr );   out = γ_t·u
 * Hyper: f_star (0), eps (1e-8), c (1), max_lr (∞).
 *
 * The norm is always that of the RAW mini-batch gradient (ctx.grad), whatever sits before this block.
 * That makes order harmless: optax's polyak_sgd(scaling ≠ 1) measures the norm after scaling and
 * departs from its own docstring (REFERENCE §0 item 8); here chain(scaleByPolyak, scale(s)) = s·γ·g.
 * Polyak-Adam (seed 000) is chain(scaleByAdam, scaleByPolyak): Adam's direction, Polyak's length.
 */
export function scaleByPolyak(hyper: Hyper): Transform<null> {
  return {
    init: () => null,
    update(u: Vec, _s: null, ctx: StepContext) {
      const gamma = polyakStep(hyper, ctx);
      ctx.stepSize *= gamma;
      for (let i = 0; i < u.length; i++) u[i] *= gamma;
    },
  };
}

/** γ_t of `scaleByPolyak`, shared by the Polyak-Adam hybrid. */
export function polyakStep(hyper: Hyper, ctx: StepContext): number {
  const fStar = (hyper.f_star as number | undefined) ?? 0;
  const eps = (hyper.eps as number | undefined) ?? 1e-8;
  const c = (hyper.c as number | undefined) ?? 1;
  const maxLr = (hyper.max_lr as number | undefined) ?? Infinity;
  const g = ctx.grad;
  let g2 = 0;
  for (let i = 0; i < g.length; i++) g2 += g[i] * g[i];
  const denom = c * g2 + eps;
  // A zero denominator (ε = 0 at a stationary point) means "no step", not NaN.
  const raw = denom > 0 ? (ctx.loss - fStar) / denom : 0;
  return Math.min(Math.max(0, raw), maxLr);
}
