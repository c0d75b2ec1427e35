/**
 * S13's synthetic two-class data (seed 004), modelled on the generator of Kak's
 * ComputationalGraphPrimer (`gen_training_data`, the primer the seed's homework uses):
 *
 *   class 0: x = μ₀·1 + σ₀·z,   class 1: x = μ₁·1 + σ₁·z,   z ~ N(0, I_d),
 *
 * with the primer's defaults d = 4 features, μ₀ = 2, σ₀ = 1, μ₁ = 4, σ₁ = 2, N = 5000 (⌈N/2⌉ of
 * class 0 first, then ⌊N/2⌋ of class 1; mini-batches are drawn shuffled, so the order is irrelevant).
 * Labels yᵢ ∈ {0, 1}. The classes overlap: a trained one-neuron or 4-2-1 classifier classifies ≈ 91 %
 * right (measured); a larger μ₁ − μ₀ or smaller σ's make them (nearly) separable. Draws come from `rng.fork('class0')` and `rng.fork('class1')`.
 */
import type { Rng } from '../rng';

export interface TwoClassOptions {
  n?: number;
  d?: number;
  mean0?: number;
  sd0?: number;
  mean1?: number;
  sd1?: number;
}

export interface TwoClassData {
  /** Row-major [n, d]. */
  x: Float32Array;
  /** Labels 0/1, [n]. */
  y: Float32Array;
  n: number;
  d: number;
}

export const TWO_CLASS_DEFAULTS: Required<TwoClassOptions> = { n: 5000, d: 4, mean0: 2, sd0: 1, mean1: 4, sd1: 2 };

export function makeTwoClassData(rng: Rng, opts: TwoClassOptions = {}): TwoClassData {
  const { n, d, mean0, sd0, mean1, sd1 } = { ...TWO_CLASS_DEFAULTS, ...opts };
  if (!Number.isInteger(n) || n < 2) throw new Error(`makeTwoClassData: n must be an integer ≥ 2, got ${n}`);
  if (!Number.isInteger(d) || d < 1) throw new Error(`makeTwoClassData: d must be an integer ≥ 1, got ${d}`);
  const n0 = Math.ceil(n / 2);
  const x = new Float32Array(n * d), y = new Float32Array(n);
  const r0 = rng.fork('class0'), r1 = rng.fork('class1');
  for (let i = 0; i < n; i++) {
    const one = i >= n0;
    const r = one ? r1 : r0, mu = one ? mean1 : mean0, sd = one ? sd1 : sd0;
    for (let j = 0; j < d; j++) x[i * d + j] = mu + sd * r.normal();
    y[i] = one ? 1 : 0;
  }
  return { x, y, n, d };
}
