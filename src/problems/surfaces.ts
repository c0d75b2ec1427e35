/**
 * Classic 2-D test functions (REFERENCE.md §3), each with its analytic gradient.
 */
import type { Problem } from './problem';
import type { ProblemSpec } from './registry';

function surface(
  id: string,
  label: string,
  f: (x: number, y: number, g?: Float64Array) => number,
  opts: { min: [number, number]; fmin: number; start: [number, number]; box: [[number, number], [number, number]]; logLevels: boolean },
): ProblemSpec {
  return {
    id, label, scenario: 'surface', params: {}, generators: [], acceptsPoints: false,
    make(): Problem {
      return {
        id, dim: 2, paramNames: ['x', 'y'], n: 1,
        loss: (t, _b, g) => f(t[0], t[1], g),
        optimum: { theta: Float64Array.from(opts.min), value: opts.fmin, note: 'global minimum' },
        defaultInit: Float64Array.from(opts.start),
        view: { axes: [0, 1], x: opts.box[0], y: opts.box[1], logLevels: opts.logLevels },
      };
    },
  };
}

export const SURFACES: Record<string, ProblemSpec> = {
  rosenbrock: surface('rosenbrock', 'Rosenbrock', (x, y, g) => {
    if (g) {
      g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
      g[1] = 200 * (y - x * x);
    }
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
  }, { min: [1, 1], fmin: 0, start: [-1.5, 2], box: [[-2, 2], [-1, 3]], logLevels: true }),
};
