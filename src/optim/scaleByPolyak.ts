import { num, type Hyper, type StepContext, type Transform } from './transform';
import type { VectorOps } from './vector';

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
export function scaleByPolyak<V, N>(ops: VectorOps<V, N>, hyper: Hyper): Transform<null, V, N> {
  return {
    init: () => null,
    update(u, _s, ctx) {
      const gamma = polyakStep(ops, hyper, ctx);
      ctx.stepSize = ops.times(ctx.stepSize, gamma);
      ops.scale(u, gamma);
    },
  };
}

/**
 * γ_t of `scaleByPolyak` (also the hybrid's γ_p with c = 1, max_lr = ∞). A zero denominator (ε = 0
 * at a stationary point) gives NaN, which the clamp turns into 0: no step, not NaN.
 */
export function polyakStep<V, N>(ops: VectorOps<V, N>, hyper: Hyper, ctx: StepContext<V, N>): N {
  const g2 = ops.dot(ctx.grad, ctx.grad);
  const denom = ops.affine(g2, num(hyper, 'c', 1), num(hyper, 'eps', 1e-8));
  const gap = ops.affine(ctx.loss, 1, -num(hyper, 'f_star', 0));
  return ops.clamp(ops.div(gap, denom), 0, num(hyper, 'max_lr', Infinity));
}
