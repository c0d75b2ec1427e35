/**
 * The optimizer table: one entry per optimizer id of the experiment format. The UI's optimizer list,
 * its sliders and the experiment validator are all driven by this table.
 * Ids and hyperparameter names follow PyTorch; the project's own rules are named variants.
 */
import { chain, type Hyper, type HyperValue, type Transform } from './transform';
import { f64, type VectorOps } from './vector';
import { CONSTANT, type ScheduleSpec } from './schedules';
import { scaleByLearningRate, scaleByConstant } from './scaleByLearningRate';
import { addDecayedWeights } from './addDecayedWeights';
import { trace } from './trace';
import { scaleByRss, adagradDecay } from './scaleByRss';
import { scaleByRms } from './scaleByRms';
import { scaleByAdam } from './scaleByAdam';
import { scaleByPolyak } from './scaleByPolyak';
import { scaleByArmijo } from './scaleByArmijo';
import { scaleByDiagonal } from './scaleByDiagonal';
import { velocityMomentum } from './seed002';
import { polyakAdamHybrid } from './polyakAdamHybrid';

export interface HyperSpec {
  kind: 'number' | 'boolean' | 'pair' | 'vector';
  default: HyperValue;
  /** Range for sliders and validation (each element of a pair). */
  min?: number;
  max?: number;
  /** Whether the upper bound is excluded (betas < 1). */
  maxExclusive?: boolean;
  /** Log-scale slider (lr, ε). */
  log?: boolean;
  doc: string;
}

export interface OptimizerSpec {
  id: string;
  label: string;
  /** One line of math for the UI. */
  rule: string;
  hyper: Record<string, HyperSpec>;
  /** Whether a learning-rate schedule applies. */
  scheduled: boolean;
  /** The optimizer on a numeric path (`ops`): the same definition for float64 and tensors. */
  make<V, N>(ops: VectorOps<V, N>, hyper: Hyper, schedule: ScheduleSpec): Transform<unknown, V, N>;
}

const lr = (d: number): HyperSpec => ({ kind: 'number', default: d, min: 0, max: 1e6, log: true, doc: 'learning rate γ' });
const eps = (d: number): HyperSpec => ({ kind: 'number', default: d, min: 0, max: 1, log: true, doc: 'ε, added outside the square root' });
const wd = (d = 0): HyperSpec => ({ kind: 'number', default: d, min: 0, max: 10, doc: 'weight decay λ' });
const betas: HyperSpec = { kind: 'pair', default: [0.9, 0.999], min: 0, max: 1, maxExclusive: true, doc: '(β₁, β₂) moment decays' };
const flag = (doc: string): HyperSpec => ({ kind: 'boolean', default: false, doc });
const polyakHyper: Record<string, HyperSpec> = {
  f_star: { kind: 'number', default: 0, min: -1e12, max: 1e12, doc: 'f*, the optimal (mini-batch) value' },
  eps: eps(1e-8),
  c: { kind: 'number', default: 1, min: 1e-6, max: 1e6, log: true, doc: 'c in (f − f*)/(c‖g‖² + ε)' },
  max_lr: { kind: 'number', default: Infinity, min: 0, max: Infinity, log: true, doc: 'γ_b, the SPS_max cap' },
};

export const OPTIMIZERS: Record<string, OptimizerSpec> = {
  sgd: {
    id: 'sgd', label: 'SGD', scheduled: true,
    rule: 'b_t = μb_{t−1} + (1−τ)g_t (b_1 = g_1); θ_t = θ_{t−1} − γ_t(g_t + μb_t if Nesterov else b_t)',
    hyper: {
      lr: lr(0.01),
      momentum: { kind: 'number', default: 0, min: 0, max: 1, maxExclusive: true, doc: 'momentum μ' },
      dampening: { kind: 'number', default: 0, min: 0, max: 1, doc: 'dampening τ' },
      nesterov: flag('Nesterov look-ahead (needs μ > 0, τ = 0)'),
      weight_decay: wd(),
    },
    make: (o, h, s) => chain(addDecayedWeights(o, h), trace(o, h), scaleByLearningRate(o, h, s)),
  },
  adagrad: {
    id: 'adagrad', label: 'Adagrad', scheduled: true,
    rule: 's_t = s_{t−1} + g_t²; θ_t = θ_{t−1} − γ/(1+(t−1)η)·g_t/(√s_t + ε)',
    hyper: {
      lr: lr(0.01),
      lr_decay: { kind: 'number', default: 0, min: 0, max: 1e3, doc: 'lr decay η' },
      initial_accumulator_value: { kind: 'number', default: 0, min: 0, max: 1e6, doc: 'initial accumulator τ' },
      eps: eps(1e-10),
      weight_decay: wd(),
    },
    make: (o, h, s) => chain(addDecayedWeights(o, h), scaleByRss(o, h), scaleByLearningRate(o, h, s, adagradDecay(h))),
  },
  rmsprop: {
    id: 'rmsprop', label: 'RMSprop', scheduled: true,
    rule: 'v_t = αv_{t−1} + (1−α)g_t²; θ_t = θ_{t−1} − γ g_t/(√v_t + ε) (centered: v_t − ḡ_t²; momentum on the ratio)',
    hyper: {
      lr: lr(0.01),
      alpha: { kind: 'number', default: 0.99, min: 0, max: 1, maxExclusive: true, doc: 'smoothing α' },
      eps: eps(1e-8),
      momentum: { kind: 'number', default: 0, min: 0, max: 1, maxExclusive: true, doc: 'momentum μ' },
      centered: flag('centered (subtract the squared mean gradient)'),
      weight_decay: wd(),
    },
    // RMSprop's momentum buffer has no dampening and no Nesterov: b_t = μb_{t−1} + g/(√ṽ + ε).
    make: (o, h, s) => chain(addDecayedWeights(o, h), scaleByRms(o, h), trace(o, h, { plain: true }), scaleByLearningRate(o, h, s)),
  },
  adam: {
    id: 'adam', label: 'Adam', scheduled: true,
    rule: 'm̂_t = m_t/(1−β₁ᵗ), v̂_t = v_t/(1−β₂ᵗ) (AMSGrad: max of raw v); θ_t = θ_{t−1} − γ m̂_t/(√v̂_t + ε)',
    hyper: { lr: lr(0.001), betas, eps: eps(1e-8), weight_decay: wd(), amsgrad: flag('AMSGrad (PyTorch: max of raw v_t)') },
    make: (o, h, s) => chain(addDecayedWeights(o, h), scaleByAdam(o, h), scaleByLearningRate(o, h, s)),
  },
  adamw: {
    id: 'adamw', label: 'AdamW', scheduled: true,
    rule: 'θ_t = θ_{t−1} − γ(m̂_t/(√v̂_t + ε) + λθ_{t−1})',
    hyper: { lr: lr(0.001), betas, eps: eps(1e-8), weight_decay: wd(1e-2), amsgrad: flag('AMSGrad (PyTorch: max of raw v_t)') },
    make: (o, h, s) => chain(scaleByAdam(o, h), addDecayedWeights(o, h), scaleByLearningRate(o, h, s)),
  },
  polyak: {
    id: 'polyak', label: 'Polyak (SPS)', scheduled: false,
    rule: 'γ_t = min(max(0, (f_S − f*)/(c‖g‖² + ε)), γ_b); θ_t = θ_{t−1} − γ_t g_t',
    hyper: { ...polyakHyper },
    make: (o, h) => chain(scaleByPolyak(o, h), scaleByConstant(o, 1)),
  },
  polyak_adam: {
    id: 'polyak_adam', label: 'Polyak-Adam (seed 000)', scheduled: false,
    rule: 'θ_t = θ_{t−1} − γ_t m̂_t/(√v̂_t + ε), γ_t = max(0, (f_S − f*)/(‖g‖² + ε))',
    hyper: { betas, f_star: polyakHyper.f_star, eps: eps(1e-8), c: polyakHyper.c, max_lr: polyakHyper.max_lr },
    make: (o, h) => chain(scaleByAdam(o, h), scaleByPolyak(o, h), scaleByConstant(o, 1)),
  },
  polyak_adam_hybrid: {
    id: 'polyak_adam_hybrid', label: 'Polyak-Adam hybrid (seed 001)', scheduled: false,
    rule: 't ≤ 5: −1.5γ_p g − 0.6·Adam; then Adam step × min(1 + k·γ_p/α, 20)',
    hyper: {
      alpha: { kind: 'number', default: 0.003, min: 0, max: 1e3, log: true, doc: 'base learning rate α' },
      betas, eps: eps(1e-8), f_star: polyakHyper.f_star,
      polyak_factor: { kind: 'number', default: 0.3, min: 0, max: 1e3, doc: 'polyak_factor k' },
      amsgrad: flag('AMSGrad (max of raw v_t)'), weight_decay: wd(),
    },
    make: (o, h) => polyakAdamHybrid(o, h),
  },
  armijo: {
    id: 'armijo', label: 'Armijo backtracking', scheduled: false,
    rule: 'η ← η₀; while f_S(θ − ηg) > f_S(θ) − cη‖g‖²: η ← βη; θ_t = θ_{t−1} − ηg',
    hyper: {
      eta0: { kind: 'number', default: 1, min: 0, max: 1e6, log: true, doc: 'initial trial step η₀' },
      c: { kind: 'number', default: 1e-4, min: 0, max: 1, maxExclusive: true, doc: 'sufficient-decrease constant c' },
      beta: { kind: 'number', default: 0.5, min: 0, max: 1, maxExclusive: true, doc: 'backtracking factor β' },
    },
    make: (o, h) => chain(scaleByArmijo(o, h), scaleByConstant(o, 1)),
  },
  scaled_gd: {
    id: 'scaled_gd', label: 'Scaled GD (diagonal H⁻¹)', scheduled: true,
    rule: 'θ_t = θ_{t−1} − γ H⁻¹ g_t, H⁻¹ = diag(logspace(a, b, P))',
    hyper: {
      lr: lr(0.01),
      hinv_from: { kind: 'number', default: 0, min: -20, max: 20, doc: 'log₁₀ of the first diagonal entry of H⁻¹' },
      hinv_to: { kind: 'number', default: 0, min: -20, max: 20, doc: 'log₁₀ of the last diagonal entry of H⁻¹' },
      hinv: { kind: 'vector', default: [], min: 0, max: 1e20, doc: 'explicit diagonal of H⁻¹ (one entry per parameter; overrides the logspace)' },
    },
    make: (o, h, s) => chain(scaleByDiagonal(o, h), scaleByLearningRate(o, h, s)),
  },
  momentum_seed002: {
    id: 'momentum_seed002', label: 'Momentum (seed 002: v ← mv − γg)', scheduled: true,
    rule: 'v ← m·v − γ∇f(θ); θ ← θ + v',
    hyper: { lr: lr(0.01), momentum: { kind: 'number', default: 0.9, min: 0, max: 1, maxExclusive: true, doc: 'momentum m' } },
    make: (o, h, s) => velocityMomentum(o, h, s, false),
  },
  nesterov_seed002: {
    id: 'nesterov_seed002', label: 'Nesterov (seed 002: look-ahead gradient)', scheduled: true,
    rule: 'v ← m·v − γ∇f(θ + m·v); θ ← θ + v',
    hyper: { lr: lr(0.01), momentum: { kind: 'number', default: 0.9, min: 0, max: 1, maxExclusive: true, doc: 'momentum m' } },
    make: (o, h, s) => velocityMomentum(o, h, s, true),
  },
};

export const OPTIMIZER_IDS = Object.keys(OPTIMIZERS);

/** The defaults of an optimizer's hyperparameters, overridden by `given`. */
export function withDefaults(id: string, given: Hyper = {}): Hyper {
  const spec = OPTIMIZERS[id];
  const out: Hyper = {};
  for (const [k, v] of Object.entries(spec.hyper)) out[k] = Array.isArray(v.default) ? [...v.default] : v.default;
  for (const [k, v] of Object.entries(given)) out[k] = Array.isArray(v) ? [...v] : v;
  return out;
}

/** The float64 transform for a run: `hyper` stays live (the caller may change its values later). */
export function makeOptimizer(id: string, hyper: Hyper, schedule: ScheduleSpec = CONSTANT): Transform<unknown> {
  return makeOptimizerOn(f64, id, hyper, schedule);
}

/** The same optimizer on another numeric path (the tensor path passes its tensor ops). */
export function makeOptimizerOn<V, N>(ops: VectorOps<V, N>, id: string, hyper: Hyper, schedule: ScheduleSpec = CONSTANT): Transform<unknown, V, N> {
  const spec = OPTIMIZERS[id];
  if (!spec) throw new Error(`unknown optimizer "${id}"`);
  return spec.make(ops, hyper, spec.scheduled ? schedule : CONSTANT);
}
