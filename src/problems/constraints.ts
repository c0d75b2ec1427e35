/**
 * One-dimensional constraint toys of seeds 000/001, part 2 (S7):
 * - `penalty`: f(x) = (x − a)² + λ·max(0, −x)², the quadratic penalty for x ≥ 0;
 *   x* = a if a ≥ 0, else a/(1 + λ) with f* = λa²/(1 + λ).
 * - `penalty-equality`: f(θ) = (θ − a)² + μ(θ − 5)², the penalty for θ = 5;
 *   θ* = (a + 5μ)/(1 + μ), f* = μ(5 − a)²/(1 + μ).
 * - `exp-reparam`: minimise (x − a)² over x ≥ 0 through x = e^z: f(z) = (e^z − a)²,
 *   z* = ln a (f* = 0) for a > 0; for a ≤ 0 the infimum a² is approached as z → −∞ (no minimiser).
 */
import type { Vec } from '../optim/transform';
import type { Problem, ViewBox } from './problem';
import type { ProblemSpec } from './registry';
import { spanAround } from './data';

const A = { default: 2, min: -100, max: 100, doc: 'a: the unconstrained minimiser' };

function noData(id: string, data: unknown): void {
  if (data !== undefined) throw new Error(`data: problem ${id} takes no data`);
}

function oneD(
  id: string, name: string, f: (x: number, grad?: Vec) => number, init: number, optimum: Problem['optimum'],
  view: ViewBox, smoothness?: number,
): Problem {
  return {
    id, dim: 1, paramNames: [name], n: 1,
    loss: (theta: Vec, _batch: Int32Array | null, grad?: Vec): number => f(theta[0], grad),
    ...(optimum ? { optimum } : {}),
    defaultInit: Float64Array.of(init),
    view,
    ...(smoothness !== undefined ? { smoothness } : {}),
  };
}

const view1d = (values: number[]): ViewBox => ({ axes: [0], x: spanAround(values, 4), logLevels: false });

const penalty: ProblemSpec = {
  id: 'penalty',
  label: 'Penalty: (x − a)² + λ·max(0, −x)²',
  scenario: 'S7',
  params: { a: A, lambda: { default: 10, min: 0, max: 1e6, doc: 'λ: weight of the penalty for x < 0' } },
  generators: [],
  acceptsPoints: false,
  make({ a, lambda }, data): Problem {
    noData('penalty', data);
    if (!(lambda >= 0)) throw new Error(`problemParams.lambda: must be ≥ 0, got ${lambda}`);
    const xs = a >= 0 ? a : a / (1 + lambda);
    const fs = a >= 0 ? 0 : (lambda * a * a) / (1 + lambda);
    const init = -3;
    return oneD('penalty', 'x', (x, g) => {
      const v = Math.max(0, -x);
      if (g) g[0] = 2 * (x - a) - 2 * lambda * v;
      return (x - a) ** 2 + lambda * v * v;
    }, init, { theta: Float64Array.of(xs), value: fs, note: a >= 0 ? 'x* = a (constraint inactive)' : 'x* = a/(1 + λ)' },
    view1d([xs, init, 0]), 2 * (1 + lambda));
  },
};

const penaltyEquality: ProblemSpec = {
  id: 'penalty-equality',
  label: 'Equality penalty: (θ − a)² + μ(θ − 5)²',
  scenario: 'S7',
  params: { a: A, mu: { default: 10, min: 0, max: 1e6, doc: 'μ: weight of the penalty for θ ≠ 5' } },
  generators: [],
  acceptsPoints: false,
  make({ a, mu }, data): Problem {
    noData('penalty-equality', data);
    if (!(mu >= 0)) throw new Error(`problemParams.mu: must be ≥ 0, got ${mu}`);
    const ts = (a + 5 * mu) / (1 + mu);
    const init = 0;
    return oneD('penalty-equality', 'theta', (t, g) => {
      if (g) g[0] = 2 * (t - a) + 2 * mu * (t - 5);
      return (t - a) ** 2 + mu * (t - 5) ** 2;
    }, init,
      { theta: Float64Array.of(ts), value: (mu * (5 - a) ** 2) / (1 + mu), note: 'θ* = (a + 5μ)/(1 + μ)' },
      view1d([ts, init, 5]), 2 * (1 + mu));
  },
};

const expReparam: ProblemSpec = {
  id: 'exp-reparam',
  label: 'Change of variables: (e^z − a)²',
  scenario: 'S7',
  params: { a: A },
  generators: [],
  acceptsPoints: false,
  make({ a }, data): Problem {
    noData('exp-reparam', data);
    const init = 0;
    const optimum = a > 0 ? { theta: Float64Array.of(Math.log(a)), value: 0, note: 'z* = ln a, i.e. x* = a' } : undefined;
    return oneD('exp-reparam', 'z', (z, g) => {
      const e = Math.exp(z);
      if (g) g[0] = 2 * (e - a) * e;
      return (e - a) ** 2;
    }, init, optimum, view1d(a > 0 ? [Math.log(a), init] : [init, -4]));
  },
};

export const CONSTRAINTS: Record<string, ProblemSpec> = {
  penalty, 'penalty-equality': penaltyEquality, 'exp-reparam': expReparam,
};
