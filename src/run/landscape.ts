/**
 * The loss over a 2-D slice (contour) or a 1-D line, computed once per load (in the worker, so the
 * page never blocks). Parameters off the slice are held at the optimum when one is known, else at
 * the default start.
 */
import type { Problem } from '../problems/problem';

export interface Grid2D {
  axes: [number, number];
  xs: Float64Array;
  ys: Float64Array;
  /** z[j·nx + i] = f at (xs[i], ys[j]). */
  z: Float64Array;
  slice: Float64Array;
}

export interface Grid1D {
  axis: number;
  xs: Float64Array;
  f: Float64Array;
}

function linspace(a: number, b: number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = n === 1 ? a : a + ((b - a) * i) / (n - 1);
  return out;
}

/** Grid resolution that keeps the work near `budget` sample-parameter evaluations. */
export function gridResolution(problem: Problem, budget = 4e7): number {
  const perPoint = Math.max(1, problem.n * problem.dim);
  return Math.max(30, Math.min(120, Math.floor(Math.sqrt(budget / perPoint))));
}

export function slicePoint(problem: Problem): Float64Array {
  return Float64Array.from(problem.optimum?.theta ?? problem.defaultInit);
}

export function contourGrid(problem: Problem, resolution = gridResolution(problem)): Grid2D | null {
  const v = problem.view;
  if (v.axes.length !== 2 || !v.y) return null;
  const [ax, ay] = v.axes;
  const xs = linspace(v.x[0], v.x[1], resolution);
  const ys = linspace(v.y[0], v.y[1], resolution);
  const slice = slicePoint(problem);
  const theta = Float64Array.from(slice);
  const z = new Float64Array(resolution * resolution);
  for (let j = 0; j < resolution; j++) {
    theta[ay] = ys[j];
    for (let i = 0; i < resolution; i++) {
      theta[ax] = xs[i];
      z[j * resolution + i] = problem.loss(theta, null);
    }
  }
  return { axes: [ax, ay], xs, ys, z, slice };
}

export function curveGrid(problem: Problem, resolution = 600): Grid1D | null {
  const v = problem.view;
  if (v.axes.length !== 1) return null;
  const axis = v.axes[0];
  const xs = linspace(v.x[0], v.x[1], resolution);
  const theta = slicePoint(problem);
  const f = new Float64Array(resolution);
  for (let i = 0; i < resolution; i++) {
    theta[axis] = xs[i];
    f[i] = problem.loss(theta, null);
  }
  return { axis, xs, f };
}
