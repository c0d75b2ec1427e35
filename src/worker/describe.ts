/** ProblemInfo of an analytic problem: what the page needs to draw it (the contour is computed here, in the worker). */
import type { Runner } from '../run/runner';
import { contourGrid, curveGrid } from '../run/landscape';
import type { ProblemInfo } from './protocol';

export function describeAnalytic(runner: Runner): ProblemInfo {
  const p = runner.problem;
  const c = contourGrid(p);
  return {
    id: p.id,
    path: 'float64',
    dim: p.dim,
    paramNames: p.paramNames,
    n: p.n,
    optimum: p.optimum ? { theta: Array.from(p.optimum.theta), value: p.optimum.value, note: p.optimum.note } : null,
    landmarks: p.landmarks ?? [],
    contour: c ? { ...c, logLevels: p.view.logLevels } : null,
    curve: curveGrid(p),
    data: p.data ? { x: p.data.x, y: p.data.y } : null,
    totalSteps: runner.runs.map((r) => r.totalSteps),
    stepsPerEpoch: runner.runs.map((r) => r.stepsPerEpoch),
    labels: runner.runs.map((r) => r.label),
    backend: null,
  };
}
