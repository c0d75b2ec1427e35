/**
 * The momentum and Nesterov forms of seed 002 (Goodfellow et al.'s "velocity" notation), kept as
 * named variants because they differ from PyTorch's when the learning rate changes:
 *   momentum:  v ← m·v − γ·∇f(θ);            θ ← θ + v
 *   nesterov:  v ← m·v − γ·∇f(θ + m·v);      θ ← θ + v     (gradient at the look-ahead point)
 * Hyper: lr, momentum (m). With a constant lr the momentum form equals torch.optim.SGD(momentum=m)
 * (v = −γ·b); the Nesterov form evaluates a second gradient per step (counted in ctx.evaluations).
 */
import { num, type Hyper, type Transform } from './transform';
import type { VectorOps } from './vector';
import { scheduleFactor, scheduleIndex, type ScheduleSpec, CONSTANT } from './schedules';

export interface VelocityState<V> {
  v: V;
  lookahead: V;
  gradAhead: V;
}

/** The full update Δθ = v_t (the learning rate is inside the velocity). */
export function velocityMomentum<V, N>(
  ops: VectorOps<V, N>,
  hyper: Hyper,
  schedule: ScheduleSpec = CONSTANT,
  lookahead = false,
): Transform<VelocityState<V>, V, N> {
  return {
    init: (p) => ({ v: ops.zeros(p), lookahead: ops.zeros(p), gradAhead: ops.zeros(p) }),
    update(u, s, ctx) {
      const m = num(hyper, 'momentum', 0.9);
      const lr = num(hyper, 'lr', 1e-3) * scheduleFactor(schedule, scheduleIndex(schedule, ctx));
      let g = u;
      if (lookahead) {
        ops.copy(s.lookahead, ctx.params);
        ops.axpby(s.lookahead, 1, m, s.v);
        ctx.oracle.evaluate(s.lookahead, s.gradAhead);
        ctx.evaluations += 1;
        g = s.gradAhead;
      }
      ops.axpby(s.v, m, -lr, g);
      ctx.stepSize = ops.affine(ctx.stepSize, lr, 0);
      ops.copy(u, s.v);
    },
  };
}
