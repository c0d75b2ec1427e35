/**
 * The loss over a 2-D slice (contour) or a 1-D line, computed once per load (in the worker, so the
 * page never blocks). Parameters off the slice are held at the optimum when one is known, else at
 * the default start.
 */
import type { Problem } from '../problems/problem';
import { spanAround } from '../problems/data';

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
  return gridOver(problem, [v.axes[0], v.axes[1]], v.x, v.y, slicePoint(problem), resolution);
}

/**
 * The 2-D slice through `at` (all parameters; null: θ*, else the default start) along parameters
 * i = axes[0] and j = axes[1], i ≠ j: f(at with θ_i = x, θ_j = y). The problem's own view box when the
 * axes are its default ones, else a box around θ*, the default start, `at` and `points` (e.g. the
 * runs' current points) on those two axes. Throws with a message for axes out of range.
 */
export function sliceGrid(
  problem: Problem, axes: [number, number], at: ArrayLike<number> | null, points: ArrayLike<number>[] = [], resolution = gridResolution(problem),
): Grid2D {
  const [i, j] = axes;
  const ok = (k: number) => Number.isInteger(k) && k >= 0 && k < problem.dim;
  if (!ok(i) || !ok(j) || i === j) throw new Error(`slice axes: need two different parameters in 0 … ${problem.dim - 1}, got ${i}, ${j}`);
  if (at && at.length !== problem.dim) throw new Error(`slice point: needs ${problem.dim} values, got ${at.length}`);
  const slice = at ? Float64Array.from(at) : slicePoint(problem);
  const v = problem.view;
  if (v.axes.length === 2 && v.y && v.axes[0] === i && v.axes[1] === j) return gridOver(problem, axes, v.x, v.y, slice, resolution);
  const span = (k: number) => {
    const values = [slice[k], problem.defaultInit[k], ...(problem.optimum ? [problem.optimum.theta[k]] : []), ...points.map((p) => p[k])];
    return spanAround(values.filter((x) => Number.isFinite(x)));
  };
  return gridOver(problem, axes, span(i), span(j), slice, resolution);
}

function gridOver(problem: Problem, [ax, ay]: [number, number], bx: [number, number], by: [number, number], slice: Float64Array, resolution: number): Grid2D {
  const xs = linspace(bx[0], bx[1], resolution);
  const ys = linspace(by[0], by[1], resolution);
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
