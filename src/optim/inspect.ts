/**
 * Read-only access to an optimizer's state, for the views ("optimizer internals" on the contour):
 * the momentum-like buffer a run carries into its next update, and Armijo's trial step sizes of the
 * last update. Nothing is computed here: the values are the transforms' own state (trace.ts,
 * seed002.ts, scaleByAdam.ts, polyakAdamHybrid.ts, scaleByArmijo.ts), returned as views, not copies.
 * Callers must not write into them; copy what you keep past the next update.
 *
 * The position of each block in a chain is that of `make` in aliases.ts; inspect.test.ts checks every
 * optimizer id against hand-computed values, so a reordered chain fails there.
 */
import type { Vec } from './transform';

export interface OptimizerInternals {
  /** The momentum buffer after the last update (null: the optimizer has none, or it is off / not started). */
  momentum: { name: string; value: Vec } | null;
  /** Armijo: the trial step sizes η₀, η₀β, … of the last update, in order; the last one was accepted. */
  trials: readonly number[] | null;
}

const NONE: OptimizerInternals = { momentum: null, trials: null };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null;
const at = (state: unknown, i: number): unknown => (Array.isArray(state) ? state[i] : undefined);

/** PyTorch's momentum buffer b_t (trace.ts); absent until the first update with μ > 0. */
function traceBuffer(s: unknown, name: string): OptimizerInternals['momentum'] {
  return isObj(s) && s.started === true && s.buf instanceof Float64Array ? { name, value: s.buf } : null;
}

/** Adam's first moment m_t (scaleByAdam.ts, polyakAdamHybrid.ts); absent before the first update. */
function firstMoment(s: unknown): OptimizerInternals['momentum'] {
  return isObj(s) && typeof s.count === 'number' && s.count > 0 && s.m instanceof Float64Array ? { name: 'm (first moment)', value: s.m } : null;
}

function velocity(s: unknown): OptimizerInternals['momentum'] {
  return isObj(s) && s.v instanceof Float64Array ? { name: 'v (velocity)', value: s.v } : null;
}

/** Per optimizer id: where its buffers sit in its state (the chain order of aliases.ts). */
const READERS: Record<string, (state: unknown) => OptimizerInternals> = {
  // chain(addDecayedWeights, trace, scaleByLearningRate)
  sgd: (s) => ({ momentum: traceBuffer(at(s, 1), 'b (momentum buffer)'), trials: null }),
  adagrad: () => NONE,
  // chain(addDecayedWeights, scaleByRms, trace, scaleByLearningRate)
  rmsprop: (s) => ({ momentum: traceBuffer(at(s, 2), 'b (momentum buffer)'), trials: null }),
  // chain(addDecayedWeights, scaleByAdam, scaleByLearningRate)
  adam: (s) => ({ momentum: firstMoment(at(s, 1)), trials: null }),
  // chain(scaleByAdam, addDecayedWeights, scaleByLearningRate)
  adamw: (s) => ({ momentum: firstMoment(at(s, 0)), trials: null }),
  polyak: () => NONE,
  // chain(scaleByAdam, scaleByPolyak, scaleByConstant)
  polyak_adam: (s) => ({ momentum: firstMoment(at(s, 0)), trials: null }),
  polyak_adam_hybrid: (s) => ({ momentum: firstMoment(s), trials: null }),
  // chain(scaleByArmijo, scaleByConstant)
  armijo: (s) => {
    const a = at(s, 0);
    return { momentum: null, trials: isObj(a) && Array.isArray(a.trials) ? (a.trials as number[]) : null };
  },
  scaled_gd: () => NONE,
  momentum_seed002: (s) => ({ momentum: velocity(s), trials: null }),
  nesterov_seed002: (s) => ({ momentum: velocity(s), trials: null }),
};

/** The optimizer ids this module knows (every id of the optimizer table: see the test). */
export const INSPECTED_IDS = Object.keys(READERS);

/** The internals of a float64 run's optimizer state (`state` from its transform's init). */
export function inspectOptimizer(id: string, state: unknown): OptimizerInternals {
  const read = Object.hasOwn(READERS, id) ? READERS[id] : undefined;
  return read ? read(state) : NONE;
}
