/**
 * Optimizers as composable gradient transformations (after optax's `GradientTransformation`).
 *
 * A transform turns an incoming update `u` into an outgoing one, in place. A chain starts from the
 * raw mini-batch gradient g = ∇f_S(θ) and must end with the update Δθ that the runner adds to θ
 * (θ ← θ + Δθ). The sign flips in exactly one place: `scaleByLearningRate` multiplies by −γ_t.
 *
 * Every block is written once against the vector interface `VectorOps<V, N>` (vector.ts): V is a
 * vector handle (a Float64Array on the analytic path, a tensor box on the tensor path), N a scalar.
 *
 * Why in place and mutable state, where optax returns new state: the analytic hot loop runs
 * ~10⁵–10⁶ steps per second on small vectors, so a step must not allocate. State objects are created
 * by `init`, owned by one run, and updated only by the transform that created them. Hyperparameters
 * are read from a live `hyper` object at every step, so a slider changes a running optimizer without
 * resetting it.
 */

export type Vec = Float64Array;

/** Evaluates the current mini-batch objective f_S at another point (Armijo, look-ahead gradients). */
export interface BatchOracle<V = Vec, N = number> {
  /** f_S(x); if `grad` is given, also writes ∇f_S(x) into it. Counts one function evaluation. */
  evaluate(x: V, grad?: V): N;
}

/** Typed step context passed to every `update` (instead of untyped extra arguments). */
export interface StepContext<V = Vec, N = number> {
  /** 1-based index t of the update being computed (PyTorch's `state['step']` after increment). */
  t: number;
  /** Epoch index (0-based) the step belongs to. */
  epoch: number;
  /** f_S(θ_{t−1}) on the current mini-batch: Polyak needs it. */
  loss: N;
  /** θ_{t−1}, read-only. */
  params: V;
  /** The raw mini-batch gradient ∇f_S(θ_{t−1}), read-only: blocks that read a norm read this one. */
  grad: V;
  /** f_S at other points of the same batch. */
  oracle: BatchOracle<V, N>;
  /**
   * Out: the scalar step size actually used. Starts at 1; every block that scales the update by a
   * scalar multiplies it in (γ_t for a learning rate, the Polyak step, Armijo's accepted η).
   */
  stepSize: N;
  /** Out: extra function evaluations this step made through the oracle (Armijo, look-ahead). */
  evaluations: number;
}

export interface Transform<S = unknown, V = Vec, N = number> {
  /** Fresh state for parameters shaped like `params`. */
  init(params: V): S;
  /** Transforms `u` in place (u starts as the raw gradient at the head of a chain). */
  update(u: V, state: S, ctx: StepContext<V, N>): void;
}

/** Runs transforms left to right: chain(a, b)(g) = b(a(g)). Composition order is meaning. */
export function chain<V = Vec, N = number>(...transforms: Transform<unknown, V, N>[]): Transform<unknown[], V, N> {
  return {
    init: (p) => transforms.map((t) => t.init(p)),
    update: (u, states, ctx) => {
      for (let i = 0; i < transforms.length; i++) transforms[i].update(u, states[i], ctx);
    },
  };
}

/** A hyperparameter value as stored in an experiment: numbers, flags, or pairs such as Adam's betas. */
export type HyperValue = number | boolean | number[];
export type Hyper = Record<string, HyperValue>;

/** Reads a number hyperparameter from the live hyper object, with its default. */
export function num(h: Hyper, name: string, fallback: number): number {
  const v = h[name];
  return typeof v === 'number' ? v : fallback;
}
