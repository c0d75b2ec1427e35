import { num, type Hyper, type StepContext, type Transform } from './transform';
import type { VectorOps } from './vector';
import { scheduleFactor, scheduleIndex, type ScheduleSpec, CONSTANT } from './schedules';

/**
 * Δθ = −γ_t·u, with γ_t = lr·schedule(k). The only place where the sign flips.
 * Reads `hyper.lr` live (sliders); `extraFactor` lets an alias fold in its own decay
 * (Adagrad's lr_decay).
 */
export function scaleByLearningRate<V, N>(
  ops: VectorOps<V, N>,
  hyper: Hyper,
  schedule: ScheduleSpec = CONSTANT,
  extraFactor?: (ctx: StepContext<V, N>) => number,
): Transform<null, V, N> {
  return {
    init: () => null,
    update(u, _s, ctx) {
      let factor = scheduleFactor(schedule, scheduleIndex(schedule, ctx));
      if (extraFactor) factor *= extraFactor(ctx);
      const given = hyper.lr;
      if (Array.isArray(given)) {
        // A learning-rate sweep batched as rows of one program: one γ per run.
        const lr = ops.perRun(given.map((g) => g * factor));
        ctx.stepSize = ops.times(ctx.stepSize, lr);
        ops.scale(u, ops.affine(lr, -1, 0));
        return;
      }
      const lr = num(hyper, 'lr', 1e-3) * factor;
      ctx.stepSize = ops.affine(ctx.stepSize, lr, 0);
      ops.scale(u, -lr);
    },
  };
}

/** Δθ = −c·u for a fixed c (Polyak and Armijo aliases: the step size comes from the block before). */
export function scaleByConstant<V, N>(ops: VectorOps<V, N>, c: number): Transform<null, V, N> {
  return {
    init: () => null,
    update(u, _s, ctx) {
      ctx.stepSize = ops.affine(ctx.stepSize, c, 0);
      ops.scale(u, -c);
    },
  };
}
