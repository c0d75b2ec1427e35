/**
 * Regression problems of seeds 000–002, all mean squared error of a model linear in θ
 * (see leastSquares.ts):
 * - `quadratic-features` (S1): m(x) = w₁x + w₂x² + b, θ = [w1, w2, b];
 * - `linear-regression` (S2, S3, S6, user points): m(x) = wᵀx + b, θ = [w_1..w_d, b];
 * - `quad-fit` (S8): m(x) = α + βx + scale·γx², θ = [alpha, beta, gamma]; data from γ_true = 8, so
 *   the optimum has γ* = γ_true/scale (scale 1e-6 is seed 002's ill-conditioned twin).
 */
import type { ProblemSpec } from './registry';
import type { Problem } from './problem';
import { makeLeastSquares } from './leastSquares';
import {
  GENERATORS, generateLinear, generateLinear1d, generateQuadratic, generateQuadraticSeed002, resolveData,
} from './data';

const defaults = (generator: string) => {
  const g = GENERATORS[generator];
  return { generator, n: g.n, noise: g.noise, ...(g.d !== undefined ? { d: g.d } : {}) };
};

/** Requires 1-D inputs (user points with one feature). */
function oneD(id: string, x: number[][]): number[][] {
  if (x[0].length !== 1) throw new Error(`data.points: ${id} needs 1-D x, got rows of ${x[0].length} features`);
  return x;
}

const quadraticFeatures: ProblemSpec = {
  id: 'quadratic-features',
  label: 'Quadratic features: w₁x + w₂x² + b',
  scenario: 'S1',
  params: {},
  generators: ['quadratic'],
  defaultData: defaults('quadratic'),
  acceptsPoints: true,
  make(_params, data, rng): Problem {
    const d = resolveData('quadratic-features', ['quadratic'], data, true);
    let x: number[][], y: number[];
    if (d.kind === 'points') ({ x, y } = { x: oneD('quadratic-features', d.x), y: d.y });
    else {
      const g = generateQuadratic(rng, d.n, d.noise);
      x = g.x.map((v) => [v]);
      y = g.y;
    }
    return makeLeastSquares({
      id: 'quadratic-features',
      paramNames: ['w1', 'w2', 'b'],
      features: (xi, out) => { out[0] = xi[0]; out[1] = xi[0] * xi[0]; out[2] = 1; },
      data: { x, y },
    });
  },
};

const linearRegression: ProblemSpec = {
  id: 'linear-regression',
  label: 'Linear regression: wᵀx + b',
  scenario: 'S2',
  params: {},
  generators: ['linear-1d', 'linear'],
  defaultData: defaults('linear-1d'),
  acceptsPoints: true,
  make(_params, data, rng): Problem {
    const d = resolveData('linear-regression', ['linear-1d', 'linear'], data, true);
    let x: number[][], y: number[];
    let facts: Record<string, number> = {};
    if (d.kind === 'points') ({ x, y } = d);
    else if (d.generator === 'linear-1d') ({ x, y } = generateLinear1d(rng, d.n, d.noise));
    else {
      const g = generateLinear(rng, d.n, d.d, d.noise);
      ({ x, y } = g);
      facts = { trueBias: g.b, ...Object.fromEntries(g.w.map((w, j) => [`trueW${j + 1}`, w])) };
    }
    const dim = x[0].length;
    return makeLeastSquares({
      id: 'linear-regression',
      paramNames: dim === 1 ? ['w', 'b'] : [...Array.from({ length: dim }, (_, j) => `w${j + 1}`), 'b'],
      features: (xi, out) => {
        for (let j = 0; j < dim; j++) out[j] = xi[j];
        out[dim] = 1;
      },
      data: { x, y },
      facts,
    });
  },
};

const quadFit: ProblemSpec = {
  id: 'quad-fit',
  label: 'Quadratic fit α + βx + γx² (seed 002)',
  scenario: 'S8',
  params: {
    scale: { default: 1, min: 1e-12, max: 1e6, log: true, doc: 'factor on γ in the model α + βx + scale·γx² (1e-6: the ill-conditioned twin)' },
    alpha_true: { default: 3, min: -100, max: 100, doc: 'α of the data y = α + βx + γx²' },
    beta_true: { default: 4, min: -100, max: 100, doc: 'β of the data' },
    gamma_true: { default: 8, min: -100, max: 100, doc: 'coefficient of x² in the data; the optimum has γ* = gamma_true/scale' },
  },
  generators: ['quadratic-seed002'],
  defaultData: defaults('quadratic-seed002'),
  acceptsPoints: true,
  make(params, data, rng): Problem {
    const scale = params.scale;
    if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`problemParams.scale: must be a finite number > 0, got ${scale}`);
    const d = resolveData('quad-fit', ['quadratic-seed002'], data, true);
    let x: number[][], y: number[];
    if (d.kind === 'points') ({ x, y } = { x: oneD('quad-fit', d.x), y: d.y });
    else {
      const g = generateQuadraticSeed002(rng, d.n, d.noise, params.alpha_true, params.beta_true, params.gamma_true);
      x = g.x.map((v) => [v]);
      y = g.y;
    }
    return makeLeastSquares({
      id: 'quad-fit',
      paramNames: ['alpha', 'beta', 'gamma'],
      features: (xi, out) => { out[0] = 1; out[1] = xi[0]; out[2] = scale * xi[0] * xi[0]; },
      data: { x, y },
    });
  },
};

export const REGRESSIONS: Record<string, ProblemSpec> = {
  'quadratic-features': quadraticFeatures,
  'linear-regression': linearRegression,
  'quad-fit': quadFit,
};
