/**
 * The step inspector (seed 002's printout, S8): for the selected run, the last received steps with the
 * loss, step size and gradient norm, and per parameter its new value, the change from the previous
 * received point and the full-data gradient ∂f/∂θⱼ at that previous point (evaluated on the page:
 * frames carry ‖g‖ but not g). Updates from the draw loop; hovering a row links the step to every view.
 */
import { useEffect, useState } from 'react';
import type { PageProblem, ProblemInfo } from '../../src/index';
import { onDraw } from '../drawLoop';
import { dataVersion, getRuns, type RunSeries } from '../runData';
import { useStore } from '../store';
import { problemFor } from './derived';
import { clearHover, getHover, hoverVersion, setHover } from './hover';
import { usePrefs } from './prefs';

const ROWS = 20;

function fmt(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? '–' : String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a < 1e-3 || a >= 1e5 ? v.toExponential(3) : String(Number(v.toPrecision(6)));
}

const gradients = new WeakMap<RunSeries, Map<number, Float64Array>>();

/** ∇f (full data) at received point i of the run, cached. */
function gradientAt(run: RunSeries, i: number, problem: PageProblem): Float64Array {
  let m = gradients.get(run);
  if (!m) gradients.set(run, (m = new Map()));
  let g = m.get(i);
  if (!g) {
    g = new Float64Array(run.dim);
    problem.loss(run.params.subarray(i * run.dim, (i + 1) * run.dim), g);
    m.set(i, g);
  }
  return g;
}

export function StepInspector() {
  const [, setTick] = useState(0);
  const count = useStore((s) => s.experiment.runs.length);
  // A removed run leaves the selection past the end: show the last run then.
  const selected = Math.max(0, Math.min(usePrefs((s) => s.selectedRun), count - 1));
  const info = useStore((s) => s.info);
  const label = useStore((s) => s.experiment.runs[selected]?.label ?? `run ${selected + 1}`);

  useEffect(() => {
    let last: unknown[] = [];
    return onDraw(() => {
      const key = [dataVersion(), useStore.getState().statuses, hoverVersion(), usePrefs.getState().selectedRun];
      if (key.every((v, i) => v === last[i])) return;
      last = key;
      setTick((t) => t + 1);
    });
  }, []);

  const run = getRuns()[selected];
  if (!info || !run || run.dim !== info.dim) {
    return <div className="view-body inspector" data-testid="inspector-view"><div className="placeholder">No steps yet.</div></div>;
  }
  return (
    <div className="view-body inspector" data-testid="inspector-view" onMouseLeave={() => clearHover('inspector')}>
      <StepTable run={run} runIndex={selected} info={info} label={label} />
    </div>
  );
}

function StepTable({ run, runIndex, info, label }: { run: RunSeries; runIndex: number; info: ProblemInfo; label: string }) {
  const problem = problemFor(info);
  const status = useStore((s) => s.statuses[runIndex]);
  const hover = getHover();
  const dim = run.dim;
  const first = Math.max(0, run.n - ROWS);
  const rows: number[] = [];
  for (let i = run.n - 1; i >= first; i--) rows.push(i);
  const names = Array.from({ length: dim }, (_, j) => info.paramNames[j] ?? `θ${j}`);
  return (
    <>
      <table data-testid="inspector-table">
        <caption>
          {label}: last {rows.length} received steps, newest first
          {status?.status === 'diverged' && <strong className="diverged" data-testid="inspector-diverged"> — ✕ {status.reason}</strong>}
        </caption>
        <thead>
          <tr>
            <th rowSpan={2}>step</th>
            <th rowSpan={2} title="full-data loss f(θ_k)">f(θ_k)</th>
            <th rowSpan={2} title="mini-batch loss of update k">f_B</th>
            <th rowSpan={2} title="step size of update k">γ_k</th>
            <th rowSpan={2} title="mini-batch gradient norm of update k">‖g_k‖</th>
            {names.map((n) => <th key={n} colSpan={3} className="group">{n}</th>)}
          </tr>
          <tr>
            {names.map((n) => [
              <th key={`${n}v`} className="group">value</th>,
              <th key={`${n}d`}>Δ</th>,
              <th key={`${n}g`} title="full-data gradient at the previous received point">∂f/∂</th>,
            ])}
          </tr>
        </thead>
        <tbody>
          {rows.map((i) => {
            const step = run.cols.step[i];
            const grad = i > 0 && problem ? gradientAt(run, i - 1, problem) : null;
            const gap = i > 0 ? step - run.cols.step[i - 1] : 0;
            const hovered = hover?.step === step;
            return (
              <tr key={i} className={hovered ? 'hovered' : undefined} data-step={step}
                onMouseEnter={() => setHover({ run: runIndex, step, source: 'inspector' })}>
                <td>{step}{gap > 1 && <span className="muted" title={`${gap - 1} steps between this row and the previous one were not received`}> +{gap - 1}</span>}</td>
                <td>{fmt(run.cols.loss[i])}</td>
                <td>{fmt(run.cols.batchLoss[i])}</td>
                <td>{fmt(run.cols.stepSize[i])}</td>
                <td>{fmt(run.cols.gradNorm[i])}</td>
                {names.map((n, j) => {
                  const v = run.params[i * dim + j];
                  const d = i > 0 ? v - run.params[(i - 1) * dim + j] : NaN;
                  return [
                    <td key={`${n}v`} className="group">{fmt(v)}</td>,
                    <td key={`${n}d`}>{fmt(d)}</td>,
                    <td key={`${n}g`}>{grad ? fmt(grad[j]) : '–'}</td>,
                  ];
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="note">
        Δ: change from the previous received row. ∂f/∂: full-data gradient at the previous row&apos;s θ (the gradient
        the update used when the batch is all the data and no step was skipped; frames carry only ‖g‖).
      </p>
    </>
  );
}
