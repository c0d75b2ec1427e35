/**
 * Flat vs sharp minima (seed 003, exercise 5; S12). With phases φᵢ = 2π·U(0, 1),
 *
 *   fᵢ(x) = q(x) + 20·sin(10x + φᵢ)·cos(2(x − 5)),
 *   q(x) = x² (x < 50/11), 100(x − 5)² (x < 50/9), x² otherwise   (q is continuous, q′ jumps),
 *   fᵢ′(x) = q′(x) + 20·(10·cos(10x + φᵢ)·cos(2(x − 5)) − 2·sin(2(x − 5))·sin(10x + φᵢ)).
 *
 * Since sin(10x + φ) = sin10x·cosφ + cos10x·sinφ, the mean over a batch only needs the batch means of
 * cosφᵢ and sinφᵢ (precomputed per sample), so a loss costs O(B) without trigonometry per sample.
 * The flat minimum near 0, the sharp one near 5 and the global minimum are found numerically.
 */
import type { Vec } from '../optim/transform';
import type { Problem } from './problem';
import type { ProblemSpec } from './registry';
import { GENERATORS, generatePhases, resolveData } from './data';

const X1 = 50 / 11, X2 = 50 / 9;

/** f at x given the batch means C = mean cosφᵢ and S = mean sinφᵢ; writes f′ into d[0] if given. */
function evaluate(x: number, C: number, S: number, d?: Float64Array): number {
  const sharp = x >= X1 && x < X2;
  const q = sharp ? 100 * (x - 5) ** 2 : x * x;
  const dq = sharp ? 200 * (x - 5) : 2 * x;
  const s10 = Math.sin(10 * x), c10 = Math.cos(10 * x);
  const c2 = Math.cos(2 * (x - 5)), s2 = Math.sin(2 * (x - 5));
  const sinMean = s10 * C + c10 * S; // mean of sin(10x + φᵢ)
  const cosMean = c10 * C - s10 * S; // mean of cos(10x + φᵢ)
  if (d) d[0] = dq + 20 * (10 * cosMean * c2 - 2 * s2 * sinMean);
  return q + 20 * sinMean * c2;
}

/** Minimiser of f on [lo, hi]: a grid of step h, then bisection on f′ around the best grid point. */
function minimise(lo: number, hi: number, h: number, C: number, S: number): number {
  const d = new Float64Array(1);
  let best = lo, fBest = Infinity;
  for (let x = lo; x <= hi; x += h) {
    const v = evaluate(x, C, S);
    if (v < fBest) [best, fBest] = [x, v];
  }
  const slope = (x: number) => (evaluate(x, C, S, d), d[0]);
  let a = Math.max(lo, best - h), b = Math.min(hi, best + h);
  if (!(slope(a) < 0 && slope(b) > 0)) return best;
  for (let i = 0; i < 200 && b - a > 0; i++) {
    const mid = 0.5 * (a + b);
    if (mid === a || mid === b) break;
    if (slope(mid) < 0) a = mid;
    else b = mid;
  }
  return Math.abs(slope(a)) <= Math.abs(slope(b)) ? a : b;
}

const flatSharp: ProblemSpec = {
  id: 'flat-sharp',
  label: 'Flat vs sharp minima (seed 003, ex. 5)',
  scenario: 'S12',
  params: {},
  generators: ['phases'],
  defaultData: { generator: 'phases', n: GENERATORS.phases.n, noise: 0 },
  acceptsPoints: false,
  make(_params, data, rng): Problem {
    const d = resolveData('flat-sharp', ['phases'], data, false);
    if (d.kind !== 'generator') throw new Error('data.points: flat-sharp does not take user data');
    if (d.noise !== 0) throw new Error(`data.noise: generator phases has no noise, got ${d.noise}`);
    const phi = generatePhases(rng, d.n);
    const n = phi.length;
    const cos = phi.map(Math.cos), sin = phi.map(Math.sin);
    let Cfull = 0, Sfull = 0;
    for (let i = 0; i < n; i++) {
      Cfull += cos[i];
      Sfull += sin[i];
    }
    Cfull /= n;
    Sfull /= n;

    function loss(theta: Vec, batch: Int32Array | null, grad?: Vec): number {
      let C = Cfull, S = Sfull;
      if (batch) {
        const b = batch.length;
        if (b === 0) {
          if (grad) grad[0] = 0;
          return 0;
        }
        C = 0;
        S = 0;
        for (let t = 0; t < b; t++) {
          C += cos[batch[t]];
          S += sin[batch[t]];
        }
        C /= b;
        S /= b;
      }
      return evaluate(theta[0], C, S, grad);
    }

    const flat = minimise(-3, X1 - 1e-9, 1e-3, Cfull, Sfull);
    const sharp = minimise(X1, X2 - 1e-9, 1e-4, Cfull, Sfull);
    const global = minimise(-7, 8, 5e-4, Cfull, Sfull);
    const f = (x: number) => evaluate(x, Cfull, Sfull);
    const slope = (x: number, d = new Float64Array(1)) => (evaluate(x, Cfull, Sfull, d), d[0]);
    const curvature = (x: number) => (slope(x + 1e-5) - slope(x - 1e-5)) / 2e-5;
    return {
      id: 'flat-sharp',
      dim: 1,
      paramNames: ['x'],
      n,
      loss,
      optimum: { theta: Float64Array.of(global), value: f(global), note: `global minimum of f (found numerically; the ${Math.abs(global) < X1 / 2 ? 'flat one near 0' : 'sharp one near 5'})` },
      landmarks: [
        { theta: [flat], label: 'flat minimum (near 0)' },
        { theta: [sharp], label: 'sharp minimum (near 5)' },
      ],
      defaultInit: Float64Array.of(5),
      view: { axes: [0], x: [-6, 7], logLevels: false },
      data: { x: Array.from(phi, (p) => [p]), y: [] },
      facts: { flatMinimum: flat, sharpMinimum: sharp, curvatureFlat: curvature(flat), curvatureSharp: curvature(sharp) },
    };
  },
};

export const FLAT_SHARP: Record<string, ProblemSpec> = { 'flat-sharp': flatSharp };
