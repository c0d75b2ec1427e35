import type { Hyper, StepContext, Transform, Vec } from './transform';
import { scheduleFactor, scheduleIndex, type ScheduleSpec, CONSTANT } from './schedules';

/**
 * Δθ = −γ_t·u, with γ_t = lr·schedule(k). The only place where the sign flips.
 * Reads `hyper.lr` live (sliders); `extraFactor` lets an alias fold in its own decay
 * (Adagrad's lr_decay).
 */
export function scaleByLearningRate(
  hyper: Hyper,
  schedule: ScheduleSpec = CONSTANT,
  extraFactor?: (ctx: StepContext) => number,
): Transform<null> {
  return {
    init: () => null,
    update(u: Vec, _s: null, ctx: StepContext) {
      let lr = (hyper.lr as number) * scheduleFactor(schedule, scheduleIndex(schedule, ctx));
      if (extraFactor) lr *= extraFactor(ctx);
      ctx.stepSize *= lr;
      for (let i = 0; i < u.length; i++) u[i] *= -lr;
    },
  };
}

/** Δθ = −c·u for a fixed c (Polyak and Armijo aliases: the step size comes from the block before). */
export function scaleByConstant(c: number): Transform<null> {
  return {
    init: () => null,
    update(u: Vec, _s: null, ctx: StepContext) {
      ctx.stepSize *= c;
      for (let i = 0; i < u.length; i++) u[i] *= -c;
    },
  };
}
