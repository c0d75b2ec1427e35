/**
 * The momentum and Nesterov forms of seed 002 (Goodfellow et al.'s "velocity" notation), kept as
 * named variants because they differ from PyTorch's when the learning rate changes:
 *   momentum:  v ← m·v − γ·∇f(θ);            θ ← θ + v
 *   nesterov:  v ← m·v − γ·∇f(θ + m·v);      θ ← θ + v     (gradient at the look-ahead point)
 * Hyper: lr, momentum (m). With a constant lr the momentum form equals torch.optim.SGD(momentum=m)
 * (v = −γ·b); the Nesterov form evaluates a second gradient per step (counted in ctx.evaluations).
 */
import type { Hyper, StepContext, Transform, Vec } from './transform';
import { scheduleFactor, scheduleIndex, type ScheduleSpec, CONSTANT } from './schedules';

export interface VelocityState {
  v: Vec;
  lookahead: Vec;
  gradAhead: Vec;
}

/** The full update Δθ = v_t (the learning rate is inside the velocity). */
export function velocityMomentum(hyper: Hyper, schedule: ScheduleSpec = CONSTANT, lookahead = false): Transform<VelocityState> {
  return {
    init: (n) => ({ v: new Float64Array(n), lookahead: new Float64Array(n), gradAhead: new Float64Array(n) }),
    update(u: Vec, s: VelocityState, ctx: StepContext) {
      const m = (hyper.momentum as number | undefined) ?? 0.9;
      const lr = (hyper.lr as number) * scheduleFactor(schedule, scheduleIndex(schedule, ctx));
      const v = s.v;
      let g: Vec = u;
      if (lookahead) {
        const p = ctx.params;
        for (let i = 0; i < v.length; i++) s.lookahead[i] = p[i] + m * v[i];
        ctx.oracle.evaluate(s.lookahead, s.gradAhead);
        ctx.evaluations += 1;
        g = s.gradAhead;
      }
      for (let i = 0; i < v.length; i++) v[i] = m * v[i] - lr * g[i];
      ctx.stepSize *= lr;
      u.set(v);
    },
  };
}
